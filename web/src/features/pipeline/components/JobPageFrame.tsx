import type { EmploymentType, JobStatus } from '#contract';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { JobStatusBadge } from '../../../components/ui/Badge';
import { ArrowLeftIcon } from '../../../components/ui/icons';
import { LastUpdated } from '../../../components/ui/LastUpdated';
import { PageHeader } from '../../../components/ui/PageHeader';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { ApiError } from '../../../lib/api-client';
import { EMPLOYMENT_TYPE_LABELS, formatDate } from '../../../lib/format';

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="back-link">
      <ArrowLeftIcon />
      {children}
    </Link>
  );
}

/** The header every job page shares: title, status, where and what, and freshness. */
export function JobHeader({
  job,
  company,
  postedBy,
  query,
  actions,
}: {
  job: { title: string; status: JobStatus; location: string | null; employment_type: EmploymentType | null; created_at: string };
  company?: string | null;
  /** The recruiter who posted it, for the client's page. */
  postedBy?: string;
  query: { dataUpdatedAt: number; isFetching: boolean; isRefetchError: boolean; refetch: () => unknown };
  actions?: ReactNode;
}) {
  const facts = [
    company === undefined ? null : (company ?? 'No client'),
    job.location,
    job.employment_type ? EMPLOYMENT_TYPE_LABELS[job.employment_type] : null,
    `posted ${formatDate(job.created_at)}${postedBy ? ` by ${postedBy}` : ''}`,
  ].filter(Boolean);
  return (
    <PageHeader
      eyebrow={
        <span className="job-eyebrow">
          <JobStatusBadge status={job.status} />
          <span>{facts.join(' · ')}</span>
        </span>
      }
      title={job.title}
      actions={
        <>
          <LastUpdated
            updatedAt={query.dataUpdatedAt}
            refreshing={query.isFetching}
            failed={query.isRefetchError && !query.isFetching}
            onRefresh={() => void query.refetch()}
          />
          {actions}
        </>
      }
    />
  );
}

/**
 * What a job page shows while it has no job to show: a spinner while loading, "not found" (with
 * the way back) when the job is not the caller's, or the load error with a retry.
 */
export function JobPageFallback({
  query,
  back,
  notFound,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  back: { to: string; label: string };
  notFound: string;
}) {
  if (query.isPending) return <Loading label="Loading the job…" />;
  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <div className="page">
        <BackLink to={back.to}>{back.label}</BackLink>
        <EmptyState title="Job not found" headingLevel={1}>
          {notFound}
        </EmptyState>
      </div>
    );
  }
  return <LoadError error={query.error} onRetry={() => void query.refetch()} what="the job" />;
}
