import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInAs, stubFetch } from '../test/render';
import { ApiError, NETWORK_ERROR_MESSAGE, api } from './api-client';
import { sessionStore } from './session';

describe('the API client', () => {
  beforeEach(() => signInAs('client'));
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
  });

  it('sends the session token and returns the JSON body', async () => {
    const { fetchMock } = stubFetch({ 'GET /v1/client/stats': () => ({ status: 200, body: { jobs_open: 2 } }) });
    await expect(api.get('/v1/client/stats')).resolves.toEqual({ jobs_open: 2 });
    const init = fetchMock.mock.calls[0]![1] as RequestInit;
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer client-token');
  });

  it("turns { error, message } into an ApiError carrying the server's words", async () => {
    stubFetch({ 'POST /v1/jobs': () => ({ status: 409, body: { error: 'email_taken', message: 'Already there.' } }) });
    const error = await api.post('/v1/jobs', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'email_taken', message: 'Already there.' });
  });

  it('reports an unreachable server as a network error, not as the user’s fault', async () => {
    stubFetch({ 'GET /v1/client/stats': () => 'network-error' });
    const error = (await api.get('/v1/client/stats').catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.isUnavailable).toBe(true);
    expect(error.message).toBe(NETWORK_ERROR_MESSAGE);
  });

  it('ends the session on 401 and leaves the reason for the sign-in page', async () => {
    stubFetch({
      'GET /v1/client/stats': () => ({
        status: 401,
        body: { error: 'unauthorized', message: 'Your session has expired or was signed out. Please sign in again.' },
      }),
    });
    await expect(api.get('/v1/client/stats')).rejects.toBeInstanceOf(ApiError);
    expect(sessionStore.getState().session).toBeNull();
    expect(sessionStore.getState().notice).toBe('Your session has expired or was signed out. Please sign in again.');
    expect(window.localStorage.getItem('hirelink.session')).toBeNull();
  });
});

describe('the session', () => {
  afterEach(() => {
    vi.useRealTimers();
    sessionStore.signOut();
  });

  it('survives in localStorage and ends by itself when the token expires', () => {
    vi.useFakeTimers();
    sessionStore.signIn({
      role: 'recruiter',
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      accountId: 'r1',
    });
    expect(JSON.parse(window.localStorage.getItem('hirelink.session')!)).toMatchObject({ role: 'recruiter', token: 't' });
    vi.advanceTimersByTime(61_000);
    expect(sessionStore.getState().session).toBeNull();
    expect(sessionStore.getState().notice).toBe('Your session has expired. Please sign in again.');
  });
});
