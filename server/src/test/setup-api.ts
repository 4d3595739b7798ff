import { afterAll, expect } from 'vitest';
import { seenSecrets } from './secrets';
import { capturedLogs } from './test-app';

// Runs after every API test file: no password, token or API key the file used may appear in any
// log line its servers wrote.
afterAll(() => {
  const leaks: string[] = [];
  for (const secret of seenSecrets) {
    const line = capturedLogs.find((logLine) => logLine.includes(secret));
    if (line) leaks.push(`${secret.slice(0, 6)}… in: ${line.slice(0, 200)}`);
  }
  expect(leaks, `secrets in logs (${capturedLogs.length} lines checked)`).toEqual([]);
});
