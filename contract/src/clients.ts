import { Type, type Static } from '@sinclair/typebox';
import { Id } from './common';

export const ClientProfile = Type.Object({
  client_id: Id,
  company_name: Type.String(),
  email: Type.String(),
  connection_id: Type.String(),
  email_verified: Type.Boolean({ description: 'Whether the owner has opened the link mailed to the address (POST /v1/auth/verify-email).' }),
});
export type ClientProfile = Static<typeof ClientProfile>;

/** What a recruiter learns from a connection ID: who it belongs to, and nothing else. */
export const ClientByConnection = Type.Object({ client_id: Id, company_name: Type.String() });
export type ClientByConnection = Static<typeof ClientByConnection>;

export const ConnectionIdParams = Type.Object({
  connection_id: Type.String({
    maxLength: 200,
    description: 'Any case; spaces, -, _, : and . are ignored, and so is a leading label such as "Connection ID:".',
  }),
});
