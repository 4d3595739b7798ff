import type { ListedRecruiterJob, RecruiterJob } from '#contract';

export interface ClientGroup<J extends RecruiterJob = RecruiterJob> {
  /** client_id, or null for the jobs posted without a client. */
  clientId: string | null;
  companyName: string | null;
  jobs: J[];
}

/** Groups by client, companies in alphabetical order and jobs without a client last; jobs keep their order. */
export function groupJobsByClient<J extends RecruiterJob>(jobs: J[]): ClientGroup<J>[] {
  const groups = new Map<string | null, ClientGroup<J>>();
  for (const job of jobs) {
    const clientId = job.client?.client_id ?? null;
    let group = groups.get(clientId);
    if (!group) {
      group = { clientId, companyName: job.client?.company_name ?? null, jobs: [] };
      groups.set(clientId, group);
    }
    group.jobs.push(job);
  }
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return [...groups.values()].sort((a, b) => {
    if (a.companyName === null) return 1;
    if (b.companyName === null) return -1;
    return collator.compare(a.companyName, b.companyName);
  });
}

/**
 * Over the client's jobs given (those loaded and shown, not necessarily all): how many candidates
 * have waited for the client beyond the SLA, and since when the longest has (null if none).
 */
export function clientWaitsOf(jobs: Pick<ListedRecruiterJob, 'awaiting_client_feedback' | 'oldest_awaiting_client_since'>[]) {
  let count = 0;
  let oldest: string | null = null;
  for (const job of jobs) {
    count += job.awaiting_client_feedback;
    const since = job.oldest_awaiting_client_since;
    if (since !== null && (oldest === null || Date.parse(since) < Date.parse(oldest))) oldest = since;
  }
  return { count, oldest };
}
