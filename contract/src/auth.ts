import { Type, type Static } from '@sinclair/typebox';
import { Email, Id, LoginEmail, Nullable, Timestamp } from './common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

/** The length bounds; the rest of the policy (password-policy.ts) is checked by the server. */
export const NewPassword = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: 'Not only spaces, not a common password, not your name or e-mail address (else 400 weak_password).',
});
/** Signing in checks no policy: passwords set before it still work. */
const AnyPassword = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
export const Token = Type.String({ description: 'Send as "Authorization: Bearer <token>".' });
export const TokenExpiresAt = Timestamp;

export const ClientRegisterBody = Type.Object(
  {
    company_name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    password: NewPassword,
  },
  { additionalProperties: false },
);
export type ClientRegisterBody = Static<typeof ClientRegisterBody>;

export const ClientRegistered = Type.Object({
  client_id: Id,
  user_id: Id,
  company_name: Type.String(),
  email: Type.String(),
  connection_id: Type.String({ description: 'Share with your recruiters; 24 lowercase hex characters.' }),
  token: Token,
  token_expires_at: TokenExpiresAt,
});
export type ClientRegistered = Static<typeof ClientRegistered>;

export const LoginBody = Type.Object({ email: LoginEmail, password: AnyPassword }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const ClientLoggedIn = Type.Object({
  client_id: Id,
  user_id: Id,
  token: Token,
  token_expires_at: TokenExpiresAt,
  two_factor_setup_required: Type.Optional(
    Type.Literal(true, {
      description:
        'The company requires two-step sign-in and this user has none: the session is good only for setting it up ' +
        '(POST /v1/auth/mfa/totp, then …/confirm, whose answer carries a full session token), GET /v1/client/profile and sign-out; ' +
        'everything else answers 403 two_factor_setup_required.',
    }),
  ),
});
export type ClientLoggedIn = Static<typeof ClientLoggedIn>;

export const RecruiterRegisterBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    password: NewPassword,
  },
  { additionalProperties: false },
);
export type RecruiterRegisterBody = Static<typeof RecruiterRegisterBody>;

export const RecruiterRegistered = Type.Object({
  recruiter_id: Id,
  name: Type.String(),
  email: Type.String(),
  token: Token,
  token_expires_at: TokenExpiresAt,
});
export type RecruiterRegistered = Static<typeof RecruiterRegistered>;

export const RecruiterLoggedIn = Type.Object({ recruiter_id: Id, token: Token, token_expires_at: TokenExpiresAt });
export type RecruiterLoggedIn = Static<typeof RecruiterLoggedIn>;

export const RecruiterProfile = Type.Object({
  recruiter_id: Id,
  name: Type.String(),
  email: Type.String(),
  email_verified: Type.Boolean({ description: 'Whether the owner has opened the link mailed to the address (POST /v1/auth/verify-email).' }),
});
export type RecruiterProfile = Static<typeof RecruiterProfile>;

export const ApiKeyCreateBody = Type.Object({ label: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type ApiKeyCreateBody = Static<typeof ApiKeyCreateBody>;

export const ApiKey = Type.Object({
  key_id: Id,
  label: Type.String(),
  key_prefix: Type.String({ description: 'The first characters of the key, to tell keys apart.' }),
  created_at: Timestamp,
  last_used_at: Nullable(Timestamp),
  revoked_at: Nullable(Timestamp),
});
export type ApiKey = Static<typeof ApiKey>;

export const ApiKeyCreated = Type.Object({
  key_id: Id,
  label: Type.String(),
  key: Type.String({ description: 'Shown this once; send as "X-API-Key: <key>". Only its hash is stored.' }),
  key_prefix: Type.String(),
  created_at: Timestamp,
});
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;

export const ApiKeyList = Type.Object({ api_keys: Type.Array(ApiKey) });
export type ApiKeyList = Static<typeof ApiKeyList>;

export const KeyIdParams = Type.Object({ key_id: Id });

export const AccountRole = Type.Union([Type.Literal('client'), Type.Literal('recruiter')], {
  description: 'client: a company account; recruiter: an agency recruiter.',
});
export type AccountRole = Static<typeof AccountRole>;

export const PasswordResetRequestBody = Type.Object({ email: LoginEmail, role: AccountRole }, { additionalProperties: false });
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBody>;

export const PasswordResetAccepted = Type.Object({
  message: Type.String({ description: 'The same whether or not the address has an account.' }),
});
export type PasswordResetAccepted = Static<typeof PasswordResetAccepted>;

/** A reset token: 256 random bits, base64url, from the link in the mail. */
export const PASSWORD_RESET_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';

export const PasswordResetConfirmBody = Type.Object(
  {
    token: Type.String({ pattern: PASSWORD_RESET_TOKEN_PATTERN, description: 'From the link in the reset mail (`token=` in its fragment).' }),
    password: NewPassword,
  },
  { additionalProperties: false },
);
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>;

export const PasswordChangeBody = Type.Object({ current_password: AnyPassword, new_password: NewPassword }, { additionalProperties: false });
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

export const PasswordChanged = Type.Object({
  token: Type.String({ description: 'A new session: every session of the account issued before the change, this one included, is over.' }),
  token_expires_at: TokenExpiresAt,
});
export type PasswordChanged = Static<typeof PasswordChanged>;

export const Session = Type.Object({
  session_id: Id,
  device: Type.String({
    description: 'Browser and system, read from the User-Agent it signed in with ("Unknown device" when it says nothing useful).',
  }),
  ip: Type.String({ description: 'The address it signed in from.' }),
  created_at: Timestamp,
  last_seen_at: Type.String({ format: 'date-time', description: 'Its last request, to within a minute.' }),
  expires_at: Timestamp,
  current: Type.Boolean({ description: 'The session making this request.' }),
});
export type Session = Static<typeof Session>;

export const SessionList = Type.Object({ sessions: Type.Array(Session, { description: 'Newest first.' }) });
export type SessionList = Static<typeof SessionList>;

export const SessionIdParams = Type.Object({ session_id: Id }, { additionalProperties: false });
export type SessionIdParams = Static<typeof SessionIdParams>;

/** A TOTP code (6 digits) or a recovery code (10 letters and digits, a dash in the middle optional). */
export const MfaCode = Type.String({ minLength: 6, maxLength: 32, description: 'The 6-digit code from the authenticator app, or a recovery code.' });
const TotpCode = Type.String({ pattern: '^\\s*[0-9]{3}\\s?[0-9]{3}\\s*$', description: 'The 6-digit code from the authenticator app.' });

export const TotpEnrolment = Type.Object({
  otpauth_url: Type.String({ description: 'otpauth://totp/… (SHA-1, 6 digits, 30 s): what the QR code holds.' }),
  qr_svg: Type.String({ description: 'The QR code of otpauth_url, as an SVG document.' }),
});
export type TotpEnrolment = Static<typeof TotpEnrolment>;

export const TotpConfirmBody = Type.Object({ code: TotpCode }, { additionalProperties: false });
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

export const TotpEnabled = Type.Object({
  recovery_codes: Type.Array(Type.String(), { description: 'Ten single-use codes, each good instead of a TOTP code once. Shown only now.' }),
  token: Type.Optional(Token),
  token_expires_at: Type.Optional(TokenExpiresAt),
});
export type TotpEnabled = Static<typeof TotpEnabled>;

export const TotpDisableBody = Type.Object({ code: MfaCode }, { additionalProperties: false });
export type TotpDisableBody = Static<typeof TotpDisableBody>;

export const MfaRequired = Type.Object({
  mfa_required: Type.Literal(true),
  mfa_token: Type.String({ description: 'Send with a code to POST /v1/auth/mfa; good for 5 minutes and for nothing else.' }),
  mfa_token_expires_at: Timestamp,
});
export type MfaRequired = Static<typeof MfaRequired>;

export const ClientLoginAnswer = Type.Union([ClientLoggedIn, MfaRequired]);
export type ClientLoginAnswer = Static<typeof ClientLoginAnswer>;
export const RecruiterLoginAnswer = Type.Union([RecruiterLoggedIn, MfaRequired]);
export type RecruiterLoginAnswer = Static<typeof RecruiterLoginAnswer>;

export const MfaSignInBody = Type.Object(
  { mfa_token: Type.String({ minLength: 1, maxLength: 2000 }), code: MfaCode },
  { additionalProperties: false },
);
export type MfaSignInBody = Static<typeof MfaSignInBody>;

export const MfaSignedIn = Type.Union([ClientLoggedIn, RecruiterLoggedIn]);
export type MfaSignedIn = Static<typeof MfaSignedIn>;

export const MfaStatus = Type.Object({ totp_enabled: Type.Boolean() });
export type MfaStatus = Static<typeof MfaStatus>;

/** An e-mail verification token: 256 random bits, base64url, from the link in the mail. */
export const EmailVerificationBody = Type.Object(
  { token: Type.String({ pattern: PASSWORD_RESET_TOKEN_PATTERN, description: 'From the link in the mail (`token=` in its fragment).' }) },
  { additionalProperties: false },
);
export type EmailVerificationBody = Static<typeof EmailVerificationBody>;

export const EmailVerificationSent = Type.Object({ message: Type.String() });
export type EmailVerificationSent = Static<typeof EmailVerificationSent>;
