/**
 * Every error code the API answers with, the HTTP status it travels with, and when it fires.
 * Services throw `new AppError(code, message)`; the error handler turns it into `{ error, message }`.
 */
export const ERROR_STATUS = {
  /** The body, query or path failed its schema. */
  validation_failed: 400,
  /** The body is not JSON. */
  invalid_json: 400,
  /** The URL cannot be decoded. */
  invalid_url: 400,
  /** POST /v1/jobs: the connection ID is malformed, unknown, or names another client than client_id. */
  invalid_connection_id: 400,
  /** GET /v1/client/by-connection: not 24 hex characters after normalising. */
  invalid_connection_id_format: 400,
  /** POST /v1/jobs: client_id names no client this recruiter is linked to (by posting with its connection ID). */
  invalid_client_id: 400,
  /** An interview scheduled (or rescheduled) more than 5 minutes in the past. */
  interview_in_past: 400,
  /** Registration: the password is blank, a common password, or the user's name; the message says which. */
  weak_password: 400,
  /** Password reset: the link's token is unknown, used already, or older than 30 minutes. */
  invalid_reset_token: 400,
  /** Unsubscribing from notification mail: the link's token is not one this server signed. */
  invalid_unsubscribe_token: 400,
  /** E-mail verification: the link's token is unknown, used already, or older than 48 hours. */
  invalid_verification_token: 400,
  /** Asking for another verification link for an address that is confirmed already. */
  email_already_verified: 409,
  /** Changing the password: the current password given is wrong (400, not 401: the session is fine). */
  wrong_current_password: 400,
  /** A two-step sign-in code (TOTP or recovery) is wrong or was used already (400, not 401: a session stays fine). */
  wrong_mfa_code: 400,
  /** POST /v1/auth/mfa: the mfa_token is malformed, forged or older than 5 minutes: sign in again. */
  invalid_mfa_token: 401,
  /** Missing, malformed, expired or revoked credentials, or wrong e-mail/password. */
  unauthorized: 401,
  /** Sign-in: the password is wrong for this role but right for the same address's account of the other role. */
  wrong_role: 401,
  /** Valid credentials of a role (or kind) that may not use this route. */
  forbidden: 403,
  /** A company member (not an admin) asking to manage users, invitations, recruiters or settings. */
  admin_only: 403,
  /** The company requires two-step sign-in and this session is good only for setting it up. */
  two_factor_setup_required: 403,
  /** An invitation link that is unknown, used, revoked or older than 7 days. */
  invalid_invitation: 404,
  /** Turning two-step sign-in off while the company requires it. */
  two_factor_required: 409,
  /** Removing or demoting the company's last admin. */
  last_admin: 409,
  /** A recruiter's write on a job of a client that has blocked it (it may still read the job). */
  client_link_blocked: 403,
  /** No such route, or no such resource among the caller's own. */
  not_found: 404,
  /** GET /v1/client/by-connection: no client has this connection ID. */
  connection_not_found: 404,
  /** Registration with an e-mail address already in use. */
  email_taken: 409,
  /** Setting up TOTP while it is on already. */
  mfa_already_enabled: 409,
  /** Confirming TOTP without having started setting it up. */
  mfa_not_started: 409,
  /** Turning TOTP off while it is not on. */
  mfa_not_enabled: 409,
  /** The candidate already applied to this job. */
  duplicate_application: 409,
  /** An interview or offer cannot move from its status to the one asked for (e.g. declined → accepted). */
  invalid_transition: 409,
  /** An interview marked completed more than 5 minutes before its time. */
  interview_in_future: 409,
  /** The candidate is rejected or hired, so takes no new interview or offer until moved back. */
  application_closed: 409,
  /** The job is closed or filled and takes no new candidates. */
  job_not_accepting_applications: 409,
  /** CV upload: the file is empty. */
  empty_file: 400,
  payload_too_large: 413,
  /** CV upload: the file is larger than 10 MB. */
  file_too_large: 413,
  unsupported_media_type: 415,
  /** CV upload: the file's bytes are neither a PDF nor a DOCX (whatever its name or Content-Type say). */
  unsupported_file_type: 415,
  rate_limited: 429,
  internal_error: 500,
  /** The database cannot be reached; try again shortly. */
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly statusCode: number;
  /** Sent as Retry-After (a 429 or 503 says when to come back). */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ERROR_STATUS[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found.`);

export const emailTaken = () => new AppError('email_taken', 'An account with this e-mail address already exists.');
