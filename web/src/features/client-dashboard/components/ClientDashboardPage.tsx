import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { LastUpdated } from '../../../components/ui/LastUpdated';
import { PageHeader } from '../../../components/ui/PageHeader';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { pluralise } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useClientProfile } from '../../../lib/client-profile';
import { useClientJobs } from '../api/list-client-jobs';
import { useClientStats } from '../api/get-client-stats';
import { JobsTable } from '../../../components/jobs/JobsTable';
import { AwaitingFeedbackPanel } from './AwaitingFeedbackPanel';
import { ConnectionIdCard } from './ConnectionIdCard';
import { InterviewsAheadPanel } from './InterviewsAheadPanel';
import { StatsTiles } from './StatsTiles';

export default function ClientDashboardPage() {
  useDocumentTitle('Dashboard');
  const profile = useClientProfile();
  const stats = useClientStats();
  const jobs = useClientJobs();
  const jobList = jobs.data?.pages.flatMap((page) => page.jobs) ?? [];

  const updatedAt = Math.min(stats.dataUpdatedAt || 0, jobs.dataUpdatedAt || 0);
  const refreshing = stats.isFetching || jobs.isFetching;
  const refreshFailed = (stats.isRefetchError || jobs.isRefetchError) && !refreshing;

  return (
    <div className="page">
      <PageHeader
        eyebrow="Client dashboard"
        title={profile.data?.company_name ?? 'Dashboard'}
        description="Your jobs, as your recruiters move candidates through them."
        actions={
          <LastUpdated
            updatedAt={updatedAt}
            refreshing={refreshing && updatedAt > 0}
            failed={refreshFailed}
            onRefresh={() => {
              void stats.refetch();
              void jobs.refetch();
            }}
          />
        }
      />
      {profile.isError && <LoadError error={profile.error} onRetry={() => void profile.refetch()} what="your connection ID" />}
      <ConnectionIdCard connectionId={profile.data?.connection_id} />
      {stats.isError && !stats.data && <LoadError error={stats.error} onRetry={() => void stats.refetch()} what="your totals" />}
      <StatsTiles stats={stats.data} />
      <AwaitingFeedbackPanel />
      <InterviewsAheadPanel />
      <Card aria-labelledby="jobs-title">
        <CardHeader
          title="Jobs"
          titleId="jobs-title"
          description={jobs.data ? `${pluralise(jobList.length, 'job')} posted for you by your recruiters.` : undefined}
        />
        {jobs.isPending ? (
          <Loading label="Loading jobs…" />
        ) : jobs.isError && !jobs.data ? (
          <LoadError error={jobs.error} onRetry={() => void jobs.refetch()} what="your jobs" />
        ) : jobList.length === 0 ? (
          <EmptyState title="No jobs yet">
            When a recruiter posts a job with your connection ID, it appears here with its candidates, interviews and offers.
          </EmptyState>
        ) : (
          <>
            <JobsTable jobs={jobList} hrefFor={(jobId) => `/client/jobs/${encodeURIComponent(jobId)}`} caption="Your jobs" />
            {jobs.hasNextPage && (
              <div className="card-footer">
                <Button onClick={() => void jobs.fetchNextPage()} pending={jobs.isFetchingNextPage} pendingLabel="Loading…">
                  Show more jobs
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
