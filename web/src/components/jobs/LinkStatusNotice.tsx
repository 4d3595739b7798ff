import type { Job } from '#contract';
import { Alert } from '../ui/Alert';

/**
 * What the recruiter must know of its link with a job's client: its jobs wait for the client's
 * approval (pending), or the client has blocked it (the jobs are read-only). Nothing when active.
 */
export function LinkStatusNotice({ status, company }: { status: Job['link_status']; company: string }) {
  if (status === 'pending') {
    return (
      <Alert tone="info" title="Waiting for approval">
        {company} approves new recruiters before their jobs appear on its dashboard. Until then, it sees neither these jobs nor their candidates; you
        can keep working on them.
      </Alert>
    );
  }
  if (status === 'blocked') {
    return (
      <Alert tone="warning" title={`${company} has blocked you`}>
        You can still read these jobs, but you cannot change them, add candidates or post new jobs for this client. Contact the client if you think
        this is a mistake.
      </Alert>
    );
  }
  return null;
}
