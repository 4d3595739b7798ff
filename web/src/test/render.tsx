import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { RouterProvider, createMemoryRouter, useLocation, useParams } from 'react-router';
import { vi } from 'vitest';
import { sessionStore, type Role } from '../lib/session';

export function signInAs(role: Role): void {
  sessionStore.signIn({
    role,
    token: `${role}-token`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    accountId: `${role}-1`,
  });
}

function JobPageStub() {
  const { jobId } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  return (
    <p>
      Job page {jobId} {notice}
    </p>
  );
}

/** Wherever else the page sends the user (a home page after signing in, say). */
function OtherPageStub() {
  return <p>Page {useLocation().pathname}</p>;
}

/** Renders `element` at `path` (a route pattern, opened at `url`) inside a fresh query cache and a memory router. */
export function renderPage(element: ReactElement, path: string, url = path) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path, element },
      { path: '/recruiter/jobs/:jobId', element: <JobPageStub /> },
      { path: '/sign-in', element: <p>Sign-in page</p> },
      { path: '*', element: <OtherPageStub /> },
    ],
    { initialEntries: [url] },
  );
  return {
    router,
    queryClient,
    ...render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    ),
  };
}

type Reply = { status: number; body?: unknown } | 'network-error';

/**
 * A fetch double that answers by "METHOD /path" and records what was asked. A handler may
 * return a reply or throw; unknown requests fail the test loudly.
 */
export function stubFetch(handlers: Record<string, (init: RequestInit | undefined) => Reply>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? 'GET';
    calls.push({ method, url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body });
    const key = `${method} ${url.split('?')[0]}`;
    const handler = handlers[key];
    if (!handler) throw new Error(`Unexpected request ${key}`);
    const reply = handler(init);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}
