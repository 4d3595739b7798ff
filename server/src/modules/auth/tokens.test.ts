import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenSigner } from './tokens';

const SECRET = 'tokens-test-secret-tokens-test-secret-0123456789';

describe('token signer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies what it issued, and refuses the same token once it has expired although it was verified before', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z'), toFake: ['Date'] });
    const signer = createTokenSigner(SECRET, 600);
    const { token, tokenId } = await signer.issue('recruiter', 'recruiter-1');

    expect(await signer.verify(token)).toMatchObject({ role: 'recruiter', subject: 'recruiter-1', tokenId });
    expect(await signer.verify(token)).toMatchObject({ subject: 'recruiter-1' });

    vi.setSystemTime(new Date('2026-11-25T12:10:00Z'));
    expect(await signer.verify(token)).toBeNull();
  });

  it('does not let a tampered copy of a remembered token through', async () => {
    const signer = createTokenSigner(SECRET, 600);
    const { token } = await signer.issue('recruiter', 'recruiter-1');
    expect(await signer.verify(token)).not.toBeNull();

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const asClient = Buffer.from(JSON.stringify({ ...claims, role: 'client' })).toString('base64url');
    expect(await signer.verify(`${header}.${asClient}.${signature}`)).toBeNull();
    expect(await signer.verify(`${token}x`)).toBeNull();
  });

  it('refuses a token signed with another secret even when its text was verified by another signer', async () => {
    const ours = createTokenSigner(SECRET, 600);
    const theirs = createTokenSigner('another-secret-another-secret-another-secret-00', 600);
    const { token } = await theirs.issue('client', 'client-1');
    expect(await theirs.verify(token)).not.toBeNull();
    expect(await ours.verify(token)).toBeNull();
  });

  it('remembers at most cacheSize tokens, forgetting the least recently used', async () => {
    const signer = createTokenSigner(SECRET, 600, { cacheSize: 3 });
    const issued = await Promise.all([1, 2, 3, 4, 5].map((n) => signer.issue('client', `client-${n}`)));
    for (const { token } of issued) expect(await signer.verify(token)).not.toBeNull();
    expect(signer.cachedTokenCount).toBe(3);
    // Every one still verifies after being forgotten: the cache only saves work.
    for (const { token } of issued) expect(await signer.verify(token)).not.toBeNull();
    expect(signer.cachedTokenCount).toBe(3);
  });
});
