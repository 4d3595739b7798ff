/**
 * Every password, token and API key the tests send or receive, so that a check after each test
 * file can prove none of them reached a log line.
 */
export const seenSecrets = new Set<string>();

const SECRET_FIELDS = new Set(['password', 'current_password', 'new_password', 'token', 'mfa_token', 'key', 'otpauth_url', 'invitation_url']);
/** Recovery codes; a 6-digit TOTP code is left out: six digits turn up by chance in any log's timestamps. */
const CODE_FIELDS = new Set(['code', 'recovery_codes']);
const MIN_CODE_LENGTH = 10;

export function rememberSecrets(...values: unknown[]): void {
  for (const value of values) collect(value, 0);
}

function collect(value: unknown, depth: number): void {
  if (depth > 5 || value === null || typeof value !== 'object') return;
  for (const [field, item] of Object.entries(value)) {
    if (SECRET_FIELDS.has(field) && typeof item === 'string' && item.length >= 4) seenSecrets.add(item);
    else if (CODE_FIELDS.has(field)) {
      for (const code of [item].flat()) if (typeof code === 'string' && code.length >= MIN_CODE_LENGTH) seenSecrets.add(code);
    } else collect(item, depth + 1);
  }
}
