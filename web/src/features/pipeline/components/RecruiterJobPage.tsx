import { LinkStatusNotice } from '../../../components/jobs/LinkStatusNotice';
import { useState } from 'react';
import { useParams } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { APPLICATION_STAGE_LABELS, pluralise } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { CvUpload } from '../../../components/cv/components/CvUpload';
import { FeedbackThread } from '../../../components/feedback/components/FeedbackThread';
import { useRecruiterJob } from '../api/get-recruiter-job';
import { AddCandidateForm } from './AddCandidateForm';
import { CandidateActions } from './CandidateActions';
import { CandidatesByStage } from './CandidatesByStage';
import { ClientSharingCard } from './ClientSharingCard';
import { EditJobDialog } from './EditJobDialog';
import { InterviewActions } from './InterviewActions';
import { InterviewsTable } from './InterviewsTable';
import { BackLink, JobHeader, JobPageFallback } from './JobPageFrame';
import { JobStatusControl } from './JobStatusControl';
import { OfferActions } from './OfferActions';
import { OffersTable } from './OffersTable';
import { PipelineSummary } from './PipelineSummary';

/** The recruiter's working view of one job: candidates, stages, interviews and offers. */
export default function RecruiterJobPage() {
  const { jobId = '' } = useParams();
  const job = useRecruiterJob(jobId);
  const [editing, setEditing] = useState(false);
  const [lastMove, setLastMove] = useState<{ applicationId: string; text: string } | null>(null);
  useDocumentTitle(job.data?.title ?? 'Job');

  if (!job.data) {
    return (
      <JobPageFallback
        query={job}
        back={{ to: '/recruiter/jobs', label: 'Client jobs' }}
        notFound="This job does not exist or belongs to another recruiter."
      />
    );
  }

  const data = job.data;
  const applicationsById = new Map(data.applications.map((application) => [application.application_id, application]));

  return (
    <div className="page">
      <BackLink to="/recruiter/jobs">Client jobs</BackLink>
      <JobHeader
        job={data}
        company={data.client?.company_name ?? null}
        query={job}
        actions={<Button onClick={() => setEditing(true)}>Edit job</Button>}
      />
      <LinkStatusNotice status={data.link_status} company={data.client?.company_name ?? 'The client'} />
      <div className="job-layout">
        <div className="job-main">
          <Card aria-labelledby="funnel-title">
            <CardHeader
              title="Pipeline"
              titleId="funnel-title"
              description="Candidates who reached each stage."
              actions={<JobStatusControl jobId={data.job_id} status={data.status} />}
            />
            <PipelineSummary funnel={data.funnel} applications={data.applications} />
          </Card>
          <Card aria-labelledby="candidates-title" id="candidates" tabIndex={-1}>
            <CardHeader title="Candidates by stage" titleId="candidates-title" description={pluralise(data.applications.length, 'candidate')} />
            <p className="visually-hidden" role="status">
              {lastMove?.text ?? ''}
            </p>
            <CandidatesByStage
              applications={data.applications}
              emptyText="Add the first candidate with the form on this page."
              renderActions={(application) => (
                <>
                  <CandidateActions
                    key={`${application.application_id}:${application.stage}`}
                    application={application}
                    focusOnMount={lastMove?.applicationId === application.application_id}
                    onMoved={(moved) =>
                      setLastMove({
                        applicationId: moved.application_id,
                        text: `${moved.candidate_name} moved to ${APPLICATION_STAGE_LABELS[moved.stage]}.`,
                      })
                    }
                    onRemoved={(removed) => {
                      setLastMove({ applicationId: '', text: `${removed.candidate_name} was removed.` });
                      // After the closing dialog's own focus return (a timer), which would land on nothing.
                      window.setTimeout(() => document.getElementById('candidates')?.focus(), 0);
                    }}
                  />
                  <CvUpload application={application} />
                </>
              )}
              renderThread={(application) => (
                <FeedbackThread
                  role="recruiter"
                  jobId={data.job_id}
                  applicationId={application.application_id}
                  candidateName={application.candidate_name}
                  defaultOpen={application.client_decision !== null}
                  note={application.client_visible ? undefined : 'The client does not see this candidate yet; it will read this thread once it does.'}
                />
              )}
            />
          </Card>
          <Card aria-labelledby="interviews-title">
            <CardHeader title="Interviews" titleId="interviews-title" />
            <InterviewsTable
              interviews={data.interviews}
              applications={data.applications}
              renderActions={(interview, name) => (
                <InterviewActions interview={interview} application={applicationsById.get(interview.application_id)} candidateName={name} />
              )}
              calendarPathFor={(interview) => `/v1/interviews/${encodeURIComponent(interview.interview_id)}.ics`}
            />
          </Card>
          <Card aria-labelledby="offers-title">
            <CardHeader title="Offers" titleId="offers-title" />
            <OffersTable
              offers={data.offers}
              applications={data.applications}
              renderActions={(offer, name) => (
                <OfferActions offer={offer} application={applicationsById.get(offer.application_id)} candidateName={name} />
              )}
            />
          </Card>
        </div>
        <aside className="job-aside">
          <Card aria-labelledby="add-candidate-title">
            <CardHeader title="Add a candidate" titleId="add-candidate-title" />
            <AddCandidateForm jobId={data.job_id} jobStatus={data.status} />
          </Card>
          {data.client && <ClientSharingCard job={data} />}
          {data.description && (
            <Card aria-labelledby="description-title">
              <CardHeader title="Description" titleId="description-title" />
              <p className="prose">{data.description}</p>
            </Card>
          )}
        </aside>
      </div>
      {editing && <EditJobDialog job={data} open={editing} onOpenChange={setEditing} />}
    </div>
  );
}
