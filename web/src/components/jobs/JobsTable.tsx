import type { ClientJob, JobFeedbackWaits } from '#contract';
import { Link } from 'react-router';
import { JobStatusBadge } from '../ui/Badge';
import { EMPLOYMENT_TYPE_LABELS, formatDate, formatNumber } from '../../lib/format';

/** Where and what; on the client's dashboard, also who posted it. */
export function jobSubtitle(job: {
  location: string | null;
  employment_type: ClientJob['employment_type'];
  recruiter?: ClientJob['recruiter'];
}): string {
  return [
    job.location,
    job.employment_type ? EMPLOYMENT_TYPE_LABELS[job.employment_type] : null,
    job.recruiter ? `Posted by ${job.recruiter.name}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Jobs with their pipeline counts; each title opens the job's pipeline at `hrefFor(job)`. */
export function JobsTable({
  jobs,
  hrefFor,
  caption,
  showWaits = false,
}: {
  jobs: (Pick<ClientJob, 'job_id' | 'title' | 'status' | 'location' | 'employment_type' | 'created_at' | 'counts'> &
    Partial<Pick<ClientJob, 'recruiter'>> &
    Partial<JobFeedbackWaits>)[];
  hrefFor: (jobId: string) => string;
  caption: string;
  /** The recruiter's monitor: candidates waiting beyond the SLA for the client (and, under it, for the recruiter). */
  showWaits?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className={`table table-stack jobs-table${showWaits ? ' jobs-table-waits' : ''}`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Applications
            </th>
            <th scope="col" className="num">
              Interviews
            </th>
            <th scope="col" className="num">
              Offers
            </th>
            <th scope="col" className="num">
              Hires
            </th>
            {showWaits && (
              <th scope="col" className="num">
                Awaiting client
              </th>
            )}
            <th scope="col">Posted</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const subtitle = jobSubtitle(job);
            return (
              <tr key={job.job_id} data-job-id={job.job_id}>
                <th scope="row" className="job-cell">
                  <Link to={hrefFor(job.job_id)} className="job-link">
                    {job.title}
                  </Link>
                  {subtitle && <span className="job-meta">{subtitle}</span>}
                </th>
                <td data-label="Status">
                  <JobStatusBadge status={job.status} />
                </td>
                <td data-label="Applications" className="num">
                  {formatNumber(job.counts.applications)}
                </td>
                <td data-label="Interviews" className="num">
                  {formatNumber(job.counts.interviews)}
                </td>
                <td data-label="Offers" className="num">
                  {formatNumber(job.counts.offers)}
                </td>
                <td data-label="Hires" className="num">
                  {formatNumber(job.counts.hires)}
                </td>
                {showWaits && (
                  // One column, so the table still fits beside the others: the client's wait, and the
                  // recruiter's own (approved candidates not moved) under it when there is one.
                  <td
                    data-label="Awaiting client"
                    className="num"
                    data-awaiting-client={job.awaiting_client_feedback ?? 0}
                    data-awaiting-recruiter={job.awaiting_recruiter ?? 0}
                  >
                    {formatNumber(job.awaiting_client_feedback ?? 0)}
                    {job.oldest_awaiting_client_since && (
                      <span className="cell-meta">
                        since <time dateTime={job.oldest_awaiting_client_since}>{formatDate(job.oldest_awaiting_client_since)}</time>
                      </span>
                    )}
                    {(job.awaiting_recruiter ?? 0) > 0 && (
                      <span className="cell-meta">{formatNumber(job.awaiting_recruiter!)} approved, awaiting you</span>
                    )}
                  </td>
                )}
                <td data-label="Posted" className="nowrap">
                  <time dateTime={job.created_at}>{formatDate(job.created_at)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
