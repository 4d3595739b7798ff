import type { JobStatus, ListedRecruiterJob } from '#contract';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { LinkStatusNotice } from '../../../components/jobs/LinkStatusNotice';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { SelectField, TextField } from '../../../components/ui/Field';
import { LastUpdated } from '../../../components/ui/LastUpdated';
import { PageHeader } from '../../../components/ui/PageHeader';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { PlusIcon } from '../../../components/ui/icons';
import { JOB_STATUSES, JOB_STATUS_LABELS, formatDate, formatNumber, pluralise } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { JobsTable } from '../../../components/jobs/JobsTable';
import { useRecruiterJobs } from '../api/list-recruiter-jobs';
import { type ClientGroup, clientWaitsOf, groupJobsByClient } from './group-jobs-by-client';

/**
 * One client's jobs. `partial`: more jobs may exist than are shown (another page not loaded yet, or a
 * filter on), so the waits line, summed over the jobs shown, says it counts only those.
 */
function ClientGroupCard({ group, partial }: { group: ClientGroup<ListedRecruiterJob>; partial: boolean }) {
  const headingId = useId();
  const open = group.jobs.filter((job) => job.status === 'open').length;
  const applications = group.jobs.reduce((sum, job) => sum + job.counts.applications, 0);
  const hires = group.jobs.reduce((sum, job) => sum + job.counts.hires, 0);
  const title = group.companyName ?? 'No client';
  const waits = clientWaitsOf(group.jobs);
  return (
    <Card aria-labelledby={headingId} className="client-group" data-client-id={group.clientId ?? 'none'}>
      <CardHeader
        title={title}
        titleId={headingId}
        description={
          group.companyName === null
            ? `${pluralise(group.jobs.length, 'job')} posted without a connection ID.`
            : `${pluralise(group.jobs.length, 'job')} · ${formatNumber(open)} open · ${pluralise(applications, 'application')} · ${pluralise(hires, 'hire')}`
        }
        actions={
          group.clientId !== null && (
            <p className="client-waits" data-awaiting-client={waits.count}>
              {waits.count === 0 ? (
                `No feedback overdue${partial ? ' in the jobs shown' : ''}`
              ) : (
                <>
                  <strong>{pluralise(waits.count, 'candidate')} awaiting client</strong>
                  {partial && ' in the jobs shown'}
                  {waits.oldest && (
                    <>
                      {' · '}oldest since <time dateTime={waits.oldest}>{formatDate(waits.oldest)}</time>
                    </>
                  )}
                </>
              )}
            </p>
          )
        }
      />
      <LinkStatusNotice status={group.jobs[0]?.link_status ?? 'active'} company={title} />
      <JobsTable showWaits jobs={group.jobs} hrefFor={(jobId) => `/recruiter/jobs/${encodeURIComponent(jobId)}`} caption={`Jobs for ${title}`} />
    </Card>
  );
}

export default function JobsMonitorPage() {
  useDocumentTitle('Client jobs');
  const jobs = useRecruiterJobs();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<JobStatus | ''>('');
  const allJobs = useMemo(() => jobs.data?.pages.flatMap((page) => page.jobs) ?? [], [jobs.data]);

  const groups = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const visible = allJobs.filter(
      (job) =>
        (!status || job.status === status) &&
        (!needle ||
          job.title.toLocaleLowerCase().includes(needle) ||
          (job.client?.company_name ?? '').toLocaleLowerCase().includes(needle) ||
          (job.location ?? '').toLocaleLowerCase().includes(needle)),
    );
    return groupJobsByClient(visible);
  }, [allJobs, search, status]);

  const clientCount = new Set(allJobs.flatMap((job) => (job.client ? [job.client.client_id] : []))).size;
  const filtering = search.trim() !== '' || status !== '';

  return (
    <div className="page">
      <PageHeader
        eyebrow="Recruiter"
        title="Client jobs monitor"
        description={
          jobs.data
            ? `${pluralise(allJobs.length, 'job')} for ${pluralise(clientCount, 'client')}, grouped by client.`
            : 'All your jobs, grouped by client.'
        }
        actions={
          <>
            <LastUpdated
              updatedAt={jobs.dataUpdatedAt}
              refreshing={jobs.isFetching && !jobs.isPending}
              failed={jobs.isRefetchError && !jobs.isFetching}
              onRefresh={() => void jobs.refetch()}
            />
            <Link to="/recruiter/jobs/new" className="button button-primary">
              <PlusIcon />
              Post a job
            </Link>
          </>
        }
      />
      {jobs.isPending ? (
        <Loading label="Loading jobs…" />
      ) : jobs.isError && !jobs.data ? (
        <LoadError error={jobs.error} onRetry={() => void jobs.refetch()} what="your jobs" />
      ) : allJobs.length === 0 ? (
        <Card>
          <EmptyState
            title="No jobs yet"
            action={
              <Link to="/recruiter/jobs/new" className="button button-primary">
                <PlusIcon />
                Post your first job
              </Link>
            }
          >
            Ask your client for the connection ID on their Hirelink dashboard, then post a job for them.
          </EmptyState>
        </Card>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label="Filter jobs">
            <TextField
              label="Filter"
              type="search"
              placeholder="Job title, client or location"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
            <SelectField label="Status" value={status} onChange={(event) => setStatus(event.target.value as JobStatus | '')}>
              <option value="">All statuses</option>
              {JOB_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {JOB_STATUS_LABELS[value]}
                </option>
              ))}
            </SelectField>
          </div>
          {groups.length === 0 && filtering ? (
            <Card>
              <EmptyState
                title="No jobs match"
                action={
                  <Button
                    onClick={() => {
                      setSearch('');
                      setStatus('');
                    }}
                  >
                    Clear filters
                  </Button>
                }
              />
            </Card>
          ) : (
            <div className="stack">
              {groups.map((group) => (
                <ClientGroupCard key={group.clientId ?? 'none'} group={group} partial={filtering || jobs.hasNextPage} />
              ))}
            </div>
          )}
          {jobs.hasNextPage && (
            <div className="center">
              <Button onClick={() => void jobs.fetchNextPage()} pending={jobs.isFetchingNextPage} pendingLabel="Loading…">
                Show more jobs
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
