import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { EMAIL_FORMAT, EMAIL_RULE, LOGIN_EMAIL_FORMAT } from './email';

/** Every error the API answers with has this shape. */
export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: 'A stable, machine-readable code, e.g. "invalid_connection_id".' }),
    message: Type.String({ description: 'A sentence for a person.' }),
  },
  { $id: 'ErrorResponse', title: 'ErrorResponse' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const Id = Type.String({ minLength: 1, maxLength: 64, description: 'An opaque identifier.' });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC.' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Query string of the cursor-paginated lists. Digits only: query values arrive as text. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'Page size, 1 to 500 (default 100).' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The next_cursor of the previous page.' })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const NextCursor = Nullable(Type.String({ description: 'Pass as ?cursor= for the next page; null on the last page.' }));

/**
 * A string enum as plain JSON Schema `enum` (not anyOf of literals): shorter validation
 * errors, a tidier OpenAPI document, and a real union type on both ends.
 */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/**
 * An e-mail address, checked by `isAcceptableEmail` (./email.ts); surrounding spaces (from a
 * paste) are allowed here and trimmed by the server, which also stores addresses in lower case.
 */
export const Email = Type.String({
  format: EMAIL_FORMAT,
  minLength: 3,
  maxLength: 254,
  description: `An e-mail address: ${EMAIL_RULE}.`,
});

/** The address a sign-in names: see `isLoginEmail`. */
export const LoginEmail = Type.String({
  format: LOGIN_EMAIL_FORMAT,
  minLength: 1,
  maxLength: 254,
  description: 'The e-mail address of the account.',
});
