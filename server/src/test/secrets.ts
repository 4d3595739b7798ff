/**
 * Every password, token and API key the tests send or receive, so that a check after each test
 * file can prove none of them reached a log line.
 */
export const seenSecrets = new Set<string>();

const SECRET_FIELDS = new Set(['password', 'token', 'key']);

export function rememberSecrets(...values: unknown[]): void {
  for (const value of values) collect(value, 0);
}

function collect(value: unknown, depth: number): void {
  if (depth > 5 || value === null || typeof value !== 'object') return;
  for (const [field, item] of Object.entries(value)) {
    if (SECRET_FIELDS.has(field) && typeof item === 'string' && item.length >= 4) seenSecrets.add(item);
    else collect(item, depth + 1);
  }
}
