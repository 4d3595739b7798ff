import { useEffect } from 'react';
import { useLocation, useParams } from 'react-router';
import { Card, CardHeader } from '../../../components/ui/Card';
import { pluralise } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useClientJob } from '../api/get-client-job';
import { CvDownloadButton } from '../../../components/cv/components/CvDownloadButton';
import { FeedbackThread } from '../../../components/feedback/components/FeedbackThread';
import { CandidatesByStage } from './CandidatesByStage';
import { InterviewsTable } from './InterviewsTable';
import { BackLink, JobHeader, JobPageFallback } from './JobPageFrame';
import { OffersTable } from './OffersTable';
import { PipelineSummary } from './PipelineSummary';

/** A client's read-only view of one job's pipeline. */
export default function ClientJobPage() {
  const { jobId = '' } = useParams();
  const job = useClientJob(jobId);
  // "Awaiting your feedback" links here with the candidate's thread to open.
  const focusedApplication = useLocation().hash.replace(/^#candidate-/, '');
  useDocumentTitle(job.data?.title ?? 'Job');
  const loaded = !!job.data;
  useEffect(() => {
    if (loaded && focusedApplication) document.getElementById(`candidate-${focusedApplication}`)?.scrollIntoView({ block: 'start' });
  }, [loaded, focusedApplication]);

  if (!job.data) {
    return <JobPageFallback query={job} back={{ to: '/client', label: 'Dashboard' }} notFound="This job does not exist or is not one of yours." />;
  }
  const data = job.data;
  return (
    <div className="page">
      <BackLink to="/client">Dashboard</BackLink>
      <JobHeader job={data} postedBy={data.recruiter.name} query={job} />
      <Card aria-labelledby="funnel-title">
        <CardHeader title="Pipeline" titleId="funnel-title" description="Candidates who reached each stage." />
        <PipelineSummary funnel={data.funnel} applications={data.applications} />
      </Card>
      {data.description && (
        <Card aria-labelledby="description-title">
          <CardHeader title="Description" titleId="description-title" />
          <p className="prose">{data.description}</p>
        </Card>
      )}
      <Card aria-labelledby="candidates-title">
        <CardHeader title="Candidates by stage" titleId="candidates-title" description={pluralise(data.applications.length, 'candidate')} />
        <CandidatesByStage
          applications={data.applications}
          emptyText="Your recruiter has not added candidates to this job yet."
          renderActions={(application) =>
            application.has_cv ? (
              <CvDownloadButton role="client" applicationId={application.application_id} candidateName={application.candidate_name} />
            ) : null
          }
          renderThread={(application) => (
            <FeedbackThread
              role="client"
              jobId={data.job_id}
              applicationId={application.application_id}
              candidateName={application.candidate_name}
              defaultOpen={focusedApplication === application.application_id}
            />
          )}
        />
      </Card>
      <Card aria-labelledby="interviews-title">
        <CardHeader title="Interviews" titleId="interviews-title" />
        <InterviewsTable
          interviews={data.interviews}
          applications={data.applications}
          calendarPathFor={(interview) => `/v1/client/interviews/${encodeURIComponent(interview.interview_id)}.ics`}
        />
      </Card>
      <Card aria-labelledby="offers-title">
        <CardHeader title="Offers" titleId="offers-title" />
        <OffersTable offers={data.offers} applications={data.applications} />
      </Card>
    </div>
  );
}
