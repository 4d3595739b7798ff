import { describe, expect, it } from 'vitest';
import { createSealer } from './sealing';

const SECRET = 's'.repeat(48);

describe('sealing', () => {
  it('opens what it sealed, and the sealed text gives nothing of it away', () => {
    const sealer = createSealer(SECRET, 'hirelink test secrets');
    const sealed = sealer.seal('JBSWY3DPEHPK3PXP reset-token-1234');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealer.open(sealed)).toBe('JBSWY3DPEHPK3PXP reset-token-1234');
    // A fresh nonce each time: equal secrets do not look equal at rest.
    expect(sealer.seal('same')).not.toBe(sealer.seal('same'));
    expect(sealer.open(sealer.seal(''))).toBe('');
  });

  it('opens nothing sealed under another secret or for another purpose, nor anything altered', () => {
    const sealed = createSealer(SECRET, 'hirelink mail outbox').seal('a reset link');
    expect(createSealer('t'.repeat(48), 'hirelink mail outbox').open(sealed)).toBeNull();
    expect(createSealer(SECRET, 'hirelink totp secrets').open(sealed)).toBeNull();
    const sealer = createSealer(SECRET, 'hirelink mail outbox');
    const [version, iv, data] = sealed.split('.') as [string, string, string];
    const flipped = `${data.slice(0, -2)}${data.at(-2) === 'A' ? 'B' : 'A'}${data.at(-1)}`;
    for (const damaged of [`${version}.${iv}.${flipped}`, `v2.${iv}.${data}`, `${version}.${iv}`, '', 'not sealed']) {
      expect(sealer.open(damaged), damaged).toBeNull();
    }
  });
});
