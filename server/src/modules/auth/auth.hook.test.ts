import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { bearer, call, countRows, registerRecruiter } from '../../test/api';
import { useTestApp } from '../../test/test-app';

describe('a request that carries both a bearer token and an API key', () => {
  const t = useTestApp();

  async function recruiterWithKey() {
    const recruiter = await registerRecruiter(t.app);
    const created = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'ATS' } });
    expect(created.status).toBe(201);
    return { ...recruiter, key: created.body.key as string, keyId: created.body.key_id as string };
  }

  it('is refused with 401 when the token is bad, however good the key: it never falls through to the key', async () => {
    const owner = await recruiterWithKey();
    const signedOut = await registerRecruiter(t.app);
    expect((await call(t.app, { method: 'POST', url: '/v1/auth/logout', headers: bearer(signedOut.token) })).status).toBe(204);
    const now = Math.floor(Date.now() / 1000);
    const otherSecret = await new SignJWT({ role: 'recruiter', sub: owner.recruiter_id })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('hirelink')
      .setAudience('hirelink-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('another-secret-that-is-also-long-enough-0123456789'));

    const jobs = await countRows(t.database.handle.db, 'jobs');
    for (const authorization of ['Bearer not.a.jwt', `Bearer ${signedOut.token}`, `Bearer ${otherSecret}`, 'Basic dXNlcjpwYXNz', '']) {
      const headers = { authorization, 'x-api-key': owner.key };
      const post = await call(t.app, { method: 'POST', url: '/v1/jobs', headers, payload: { title: 'Smuggled in' } });
      expect(post.status, authorization).toBe(401);
      expect(post.body.error).toBe('unauthorized');
      expect(post.headers['www-authenticate']).toBe('Bearer');
      expect((await call(t.app, { method: 'GET', url: '/v1/jobs', headers })).status, authorization).toBe(401);
    }
    expect(await countRows(t.database.handle.db, 'jobs')).toBe(jobs);
  });

  it('acts as the token’s owner when the token is good: the key is not read', async () => {
    const owner = await recruiterWithKey();
    const other = await recruiterWithKey();
    const posted = await call(t.app, {
      method: 'POST',
      url: '/v1/jobs',
      headers: { ...bearer(owner.token), 'x-api-key': other.key },
      payload: { title: 'Posted with both' },
    });
    expect(posted.status).toBe(201);
    const ownersJobs = await call(t.app, { method: 'GET', url: '/v1/jobs', headers: bearer(owner.token) });
    expect(ownersJobs.body.jobs.map((job: { title: string }) => job.title)).toEqual(['Posted with both']);

    // Key management refuses keys, but here the token is what authenticates.
    const listed = await call(t.app, { method: 'GET', url: '/v1/recruiter/api-keys', headers: { ...bearer(owner.token), 'x-api-key': owner.key } });
    expect(listed.status).toBe(200);
  });

  it('still authenticates with the key alone', async () => {
    const owner = await recruiterWithKey();
    expect((await call(t.app, { method: 'GET', url: '/v1/jobs', headers: { 'x-api-key': owner.key } })).status).toBe(200);
  });
});
