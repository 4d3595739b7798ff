import type { FastifyInstance } from 'fastify';

export type DemoAuth = { token: string } | { apiKey: string } | null;

/**
 * The demo acts only through the API, in process (`app.inject`), as a user would over HTTP: every
 * rule, counter and live event is the real one.
 */
export function demoApi(app: FastifyInstance, auth: DemoAuth) {
  const headers: Record<string, string> = {};
  if (auth && 'token' in auth) headers.authorization = `Bearer ${auth.token}`;
  if (auth && 'apiKey' in auth) headers['x-api-key'] = auth.apiKey;

  async function send<T>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<T> {
    const response = await app.inject({ method, url, headers, ...(payload && { payload }) });
    if (response.statusCode >= 300) {
      throw new Error(`demo: ${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.json<T>();
  }
  return {
    get: <T>(url: string) => send<T>('GET', url),
    post: <T>(url: string, payload: object) => send<T>('POST', url, payload),
    patch: <T>(url: string, payload: object) => send<T>('PATCH', url, payload),
  };
}

export type DemoApi = ReturnType<typeof demoApi>;
