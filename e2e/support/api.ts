import type { ClientRegistered, Job, RecruiterRegistered } from '#contract';

/** Setting the scene through the API, where the UI under test is not the point. */
export function apiClient(baseURL: string) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const response = await fetch(`${baseURL}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    registerClient: (company_name: string, email: string, password = 'correct horse battery') =>
      call<ClientRegistered>('POST', '/v1/client/register', { company_name, email, password }),
    registerRecruiter: (name: string, email: string, password = 'correct horse battery') =>
      call<RecruiterRegistered>('POST', '/v1/recruiter/register', { name, email, password }),
    postJob: (token: string, body: { title: string; connection_id?: string; location?: string }) => call<Job>('POST', '/v1/jobs', body, token),
    addCandidate: (token: string, jobId: string, candidate_name: string, candidate_email: string) =>
      call<{ application_id: string }>('POST', `/v1/jobs/${jobId}/applications`, { candidate_name, candidate_email }, token),
    moveCandidate: (token: string, applicationId: string, stage: string) =>
      call<unknown>('PATCH', `/v1/applications/${applicationId}`, { stage }, token),
  };
}

let counter = 0;
/** A unique e-mail address per call, so that tests never collide on "email_taken". */
export function uniqueEmail(who: string): string {
  counter += 1;
  return `${who}.${Date.now().toString(36)}${counter}@example.com`;
}
