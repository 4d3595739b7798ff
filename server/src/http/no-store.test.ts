import { describe, expect, it } from 'vitest';
import { type TOTP, URI } from 'otpauth';
import { PASSWORD, bearer, call, postJob, registerClient, registerRecruiter } from '../test/api';
import { useTestApp } from '../test/test-app';

/** Every route that hands out a token, an API key or a connection ID, or looks one up by URL. */
const CARRYING_SECRETS = [
  'POST /v1/client/register',
  'POST /v1/client/login',
  'POST /v1/recruiter/register',
  'POST /v1/recruiter/login',
  'POST /v1/recruiter/api-keys',
  'GET /v1/client/profile',
  'GET /v1/client/by-connection/{connection_id}',
  'POST /v1/auth/password',
  'POST /v1/auth/mfa/totp',
  'POST /v1/auth/mfa/totp/confirm',
  'POST /v1/auth/mfa',
  'POST /v1/client/invitations',
  'POST /v1/client/invitations/accept',
];

function namesSecret(schema: any): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const names = Object.keys(schema.properties ?? {});
  if (names.some((name) => ['token', 'key', 'connection_id', 'mfa_token', 'otpauth_url', 'recovery_codes', 'invitation_url'].includes(name)))
    return true;
  return [...Object.values(schema.properties ?? {}), schema.items, ...(schema.anyOf ?? [])].some(namesSecret);
}

describe('Cache-Control: no-store', () => {
  const t = useTestApp();

  it('is on every response that carries a token, an API key or a connection ID', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const careful = await registerClient(t.app);
    const enrolment = await call(t.app, { method: 'POST', url: '/v1/auth/mfa/totp', headers: bearer(careful.token) });
    const confirmation = await call(t.app, {
      method: 'POST',
      url: '/v1/auth/mfa/totp/confirm',
      headers: bearer(careful.token),
      payload: { code: (URI.parse(enrolment.body.otpauth_url) as TOTP).generate() },
    });
    const secondStep = await call(t.app, {
      method: 'POST',
      url: '/v1/auth/mfa',
      payload: {
        mfa_token: (await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: careful.email, password: PASSWORD } })).body
          .mfa_token,
        code: confirmation.body.recovery_codes[0],
      },
    });
    const invitation = await call(t.app, {
      method: 'POST',
      url: '/v1/client/invitations',
      headers: bearer(client.token),
      payload: { email: `ina-${client.client_id.slice(0, 6)}@example.test`, role: 'member' },
    });
    const responses = {
      'POST /v1/client/register': await call(t.app, {
        method: 'POST',
        url: '/v1/client/register',
        payload: { company_name: 'Nocache', email: `nocache-${client.client_id.slice(0, 6)}@example.test`, password: PASSWORD },
      }),
      'POST /v1/client/login': await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: client.email, password: PASSWORD } }),
      'POST /v1/recruiter/register': await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/register',
        payload: { name: 'Nora', email: `nora-${client.client_id.slice(0, 6)}@example.test`, password: PASSWORD },
      }),
      'POST /v1/recruiter/login': await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/login',
        payload: { email: recruiter.email, password: PASSWORD },
      }),
      'POST /v1/recruiter/api-keys': await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/api-keys',
        headers: bearer(recruiter.token),
        payload: { label: 'x' },
      }),
      'GET /v1/client/profile': await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) }),
      'GET /v1/client/by-connection/{connection_id}': await call(t.app, {
        method: 'GET',
        url: `/v1/client/by-connection/${client.connection_id}`,
        headers: bearer(recruiter.token),
      }),
      // An account of its own: the change ends every session of the account.
      'POST /v1/auth/password': await call(t.app, {
        method: 'POST',
        url: '/v1/auth/password',
        headers: bearer((await registerClient(t.app)).token),
        payload: { current_password: PASSWORD, new_password: 'a brand new passphrase 42' },
      }),
      'POST /v1/auth/mfa/totp': enrolment,
      'POST /v1/auth/mfa/totp/confirm': confirmation,
      'POST /v1/auth/mfa': secondStep,
      'POST /v1/client/invitations': invitation,
      'POST /v1/client/invitations/accept': await call(t.app, {
        method: 'POST',
        url: '/v1/client/invitations/accept',
        payload: { token: new URLSearchParams(new URL(invitation.body.invitation_url).hash.slice(1)).get('token'), name: 'Ina', password: PASSWORD },
      }),
    };
    for (const [route, response] of Object.entries(responses)) {
      expect(response.status, route).toBeLessThan(300);
      expect(response.headers['cache-control'], route).toBe('no-store');
    }
    expect(Object.keys(responses)).toEqual(CARRYING_SECRETS);

    // Refusals too: a cache keyed by URL would still keep the connection ID or the attempt.
    const unknown = await call(t.app, { method: 'GET', url: `/v1/client/by-connection/${'0'.repeat(24)}`, headers: bearer(recruiter.token) });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['cache-control']).toBe('no-store');
    const wrongPassword = await call(t.app, {
      method: 'POST',
      url: '/v1/client/login',
      payload: { email: client.email, password: 'wrong password' },
    });
    expect(wrongPassword.headers['cache-control']).toBe('no-store');

    // Lists without such fields keep their ordinary caching.
    await postJob(t.app, recruiter.token);
    expect((await call(t.app, { method: 'GET', url: '/v1/jobs', headers: bearer(recruiter.token) })).headers['cache-control']).toBeUndefined();
  });

  it('covers every such route the API documents', async () => {
    const document = (await call(t.app, { method: 'GET', url: '/openapi.json' })).body;
    const found: string[] = [];
    for (const [path, operations] of Object.entries<any>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const success = Object.entries<any>(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
        const inUrl = (operation.parameters ?? []).some((parameter: any) => parameter.name === 'connection_id');
        if (inUrl || success.some(([, response]) => namesSecret(response.content?.['application/json']?.schema))) {
          found.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(found.sort()).toEqual([...CARRYING_SECRETS].sort());
  });
});
