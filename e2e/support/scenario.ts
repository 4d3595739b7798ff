import { apiClient, uniqueEmail } from './api';
import { type RoleContext, launchBrowser, openContext } from './browser';
import { startServer } from './server';

/** A running server and browser (`close` ends both) with the client Umbrella, the recruiter Rita, and Rita's job for Umbrella. */
export interface LinkedJobScene<Candidate extends string> {
  /** One browser context each, not yet signed in. */
  recruiter: RoleContext;
  client: RoleContext;
  jobId: string;
  /** The server's base URL, for set-up through the API. */
  url: string;
  /** One more person at the browser (a context of its own), e.g. a colleague joining the client. */
  anotherPerson(): Promise<RoleContext>;
  /** The sign-in addresses of `client` and `recruiter`, and each candidate's address under its key. */
  emails: Record<'client' | 'recruiter' | Candidate, string>;
  close(): Promise<void>;
}

/**
 * Sets the scene through the API: Umbrella (client) and Rita Recruiter, whose job "Vaccine
 * Researcher" is for Umbrella and holds `candidates` (key: name), added in the order given.
 */
export async function linkedJobScene<Candidate extends string>(candidates: Record<Candidate, string>): Promise<LinkedJobScene<Candidate>> {
  const emails = { client: uniqueEmail('umbrella'), recruiter: uniqueEmail('rita') } as Record<'client' | 'recruiter' | Candidate, string>;
  for (const key of Object.keys(candidates) as Candidate[]) emails[key] = uniqueEmail(key);
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const close = async () => {
    await browser.close();
    await server.stop();
  };
  try {
    const api = apiClient(server.url);
    const [umbrella, rita] = await Promise.all([
      api.registerClient('Umbrella', emails.client),
      api.registerRecruiter('Rita Recruiter', emails.recruiter),
    ]);
    const jobId = (await api.postJob(rita.token, { title: 'Vaccine Researcher', connection_id: umbrella.connection_id })).job_id;
    for (const key of Object.keys(candidates) as Candidate[]) await api.addCandidate(rita.token, jobId, candidates[key], emails[key]);
    const recruiter = await openContext(browser, server.url);
    const client = await openContext(browser, server.url);
    return { recruiter, client, jobId, url: server.url, emails, close, anotherPerson: () => openContext(browser, server.url) };
  } catch (error) {
    await close();
    throw error;
  }
}
