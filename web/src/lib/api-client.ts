import type { ErrorResponse } from '#contract';
import { sessionStore } from './session';

export const NETWORK_ERROR_MESSAGE = 'Could not reach Hirelink. Please check your connection and try again.';

/** Every failed request ends as one of these, carrying the server's `{ error, message }` when there is one. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when no answer arrived (offline, aborted by the network, DNS...). */
    readonly status: number,
    /** The server's stable error code, e.g. "invalid_connection_id", or "network_error". */
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Nothing the user typed is wrong: the network or the server failed. */
  get isUnavailable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Send the session's token (default). Sign-in and sign-up do not. */
  authenticated?: boolean;
}

function isErrorResponse(value: unknown): value is ErrorResponse {
  return (
    !!value && typeof value === 'object' && typeof (value as ErrorResponse).error === 'string' && typeof (value as ErrorResponse).message === 'string'
  );
}

function fallbackMessage(status: number): string {
  if (status >= 500) return 'Hirelink is having trouble right now. Please try again in a moment.';
  if (status === 404) return 'Not found.';
  return `The request failed (HTTP ${status}).`;
}

/**
 * The one way the web app talks to the API. Response types come from `#contract`, the
 * schemas the server validates with; each operation in `features/<name>/api` names its own.
 */
export async function apiRequest<TResponse>(method: Method, path: string, options: RequestOptions = {}): Promise<TResponse> {
  const { body, signal, authenticated = true } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = authenticated ? sessionStore.getState().session?.token : undefined;
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
  }

  if (response.status === 204) return undefined as TResponse;

  const text = await response.text().catch(() => '');
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (!response.ok) throw failure(response, payload, token);
  if (payload === undefined) {
    throw new ApiError(response.status, 'invalid_response', 'The server sent an unreadable answer. Please try again.');
  }
  return payload as TResponse;
}

/** The ApiError for a failed response (and, when the token was refused, the end of the session). */
function failure(response: Response, payload: unknown, token: string | undefined): ApiError {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const error = isErrorResponse(payload)
    ? new ApiError(response.status, payload.error, payload.message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null)
    : new ApiError(response.status, 'http_error', fallbackMessage(response.status));
  // A refused token means the session is over: back to sign-in with the server's reason.
  if (response.status === 401 && token) sessionStore.expire(error.message);
  // The company requires two-step sign-in and this session has none yet: the app shows the set-up.
  if (response.status === 403 && token && error.code === 'two_factor_setup_required') sessionStore.requireTwoFactorSetup(token);
  return error;
}

/**
 * A file the API sends as an attachment (an interview's .ics), fetched with the session's token:
 * a plain link cannot send the Authorization header, and the token never goes in a URL.
 */
export async function apiFile(path: string, signal?: AbortSignal): Promise<Blob> {
  const token = sessionStore.getState().session?.token;
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
  }
  if (response.ok) return response.blob();
  const text = await response.text().catch(() => '');
  let payload: unknown = undefined;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  throw failure(response, payload, token);
}

export const api = {
  get: <TResponse>(path: string, signal?: AbortSignal) => apiRequest<TResponse>('GET', path, { signal }),
  post: <TBody, TResponse>(path: string, body: TBody, options: Omit<RequestOptions, 'body'> = {}) =>
    apiRequest<TResponse>('POST', path, { ...options, body }),
  put: <TBody, TResponse>(path: string, body: TBody) => apiRequest<TResponse>('PUT', path, { body }),
  patch: <TBody, TResponse>(path: string, body: TBody) => apiRequest<TResponse>('PATCH', path, { body }),
  delete: (path: string) => apiRequest<void>('DELETE', path),
};

/** A path segment from a value the user or the server chose. */
export const segment = (value: string) => encodeURIComponent(value);
