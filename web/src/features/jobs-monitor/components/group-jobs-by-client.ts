import type { RecruiterJob } from '#contract';

export interface ClientGroup {
  /** client_id, or null for the jobs posted without a client. */
  clientId: string | null;
  companyName: string | null;
  jobs: RecruiterJob[];
}

/** Groups by client, companies in alphabetical order and jobs without a client last; jobs keep their order. */
export function groupJobsByClient(jobs: RecruiterJob[]): ClientGroup[] {
  const groups = new Map<string | null, ClientGroup>();
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
