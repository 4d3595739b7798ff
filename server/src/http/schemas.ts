import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '#contract';

const errorRef = Type.Ref(ErrorResponse);
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: the body, path or query is invalid.',
  401: 'Missing, invalid, expired or signed-out credentials.',
  403: 'Signed in with a role that may not do this.',
  404: 'Not found among your own resources.',
  409: 'Conflicts with existing data.',
  413: 'Body larger than 64 KB (a CV: larger than 10 MB).',
  415: 'A body of a type this route does not take.',
  429: 'Too many requests; see Retry-After.',
  503: 'The database is unavailable.',
};

/** The error responses a route documents, all in the one `{ error, message }` shape. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, { ...errorRef, description: ERROR_DESCRIPTIONS[status] ?? 'Error.' }]));
}

export const noContent = { 204: Type.Null({ description: 'Done; no body.' }) };

type SecurityRequirement = { [scheme: string]: string[] }[];
/** OpenAPI security of routes that take a signed-in user's token, or a recruiter's token or API key. */
export const bearerOnly: SecurityRequirement = [{ bearerAuth: [] }];
export const bearerOrApiKey: SecurityRequirement = [{ bearerAuth: [] }, { apiKeyAuth: [] }];
