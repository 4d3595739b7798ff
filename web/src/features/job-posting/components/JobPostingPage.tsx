import type { EmploymentType, JobCreateBody } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { AlertDialog } from '../../../components/ui/AlertDialog';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/Field';
import { PageHeader } from '../../../components/ui/PageHeader';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { EMPLOYMENT_TYPES, EMPLOYMENT_TYPE_LABELS } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useCreateJob } from '../api/create-job';
import { ConnectionIdField } from './ConnectionIdField';
import { useConnectionIdVerification } from './use-connection-id-verification';

export const INVALID_CONNECTION_TITLE = 'Invalid Connection ID';
export const INVALID_CONNECTION_TEXT = 'Please ask your client for the correct ID from their dashboard.';
export const UNVERIFIABLE_TITLE = 'Could not verify Connection ID';
export const UNVERIFIABLE_TEXT = 'Please check your connection and try again.';

type JobField = 'title' | 'description' | 'location' | 'employment_type';
type Phase = 'editing' | 'verifying' | 'posting';

/** "body.title must NOT have fewer than 1 characters." belongs next to the title field. */
function fieldOfServerError(error: unknown): JobField | 'connection_id' | null {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return null;
  const match = /^body\.(title|description|location|employment_type|connection_id)\b/.exec(error.message);
  return (match?.[1] as JobField | 'connection_id' | undefined) ?? null;
}

export default function JobPostingPage() {
  useDocumentTitle('Post a job');
  const navigate = useNavigate();
  const connection = useConnectionIdVerification();
  const createJob = useCreateJob();
  const [phase, setPhase] = useState<Phase>('editing');
  const [job, setJob] = useState<Record<JobField, string>>({ title: '', description: '', location: '', employment_type: '' });
  const [titleError, setTitleError] = useState<string | null>(null);
  const [postFailed, setPostFailed] = useState<'unreachable' | null>(null);
  const connectionRef = useRef<HTMLInputElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);

  const serverErrorField = fieldOfServerError(createJob.error);
  const serverError = createJob.error && !(createJob.error instanceof ApiError && createJob.error.isUnavailable) ? createJob.error : null;

  function setJobField(field: JobField, value: string) {
    setJob((current) => ({ ...current, [field]: value }));
    if (field === 'title') setTitleError(null);
  }

  async function submit() {
    if (phase !== 'editing') return;
    createJob.reset();
    const title = job.title.trim();
    setTitleError(title ? null : 'Give the job a title.');
    setPhase('verifying');
    const verified = await connection.verify('submit');
    if (!verified.ok) {
      setPhase('editing');
      // A popup takes focus itself; a message next to the field needs the field focused.
      if (verified.shown === 'field') connectionRef.current?.focus();
      return;
    }
    if (!title) {
      setPhase('editing');
      titleRef.current?.focus();
      return;
    }
    setPhase('posting');
    const body: JobCreateBody = {
      connection_id: verified.connectionId,
      title,
      ...(job.description.trim() && { description: job.description }),
      ...(job.location.trim() && { location: job.location.trim() }),
      ...(job.employment_type && { employment_type: job.employment_type as EmploymentType }),
    };
    try {
      const created = await createJob.mutateAsync(body);
      // Not awaited: the job is posted whatever the navigation does, and the router shows its own failures.
      void navigate(`/recruiter/jobs/${encodeURIComponent(created.job_id)}`, {
        state: { notice: `Job posted for ${verified.client.company_name}.` },
      });
    } catch (error) {
      setPhase('editing');
      if (error instanceof ApiError && error.code === 'invalid_connection_id') connection.markInvalid();
      else if (error instanceof ApiError && error.isUnavailable) setPostFailed('unreachable');
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit();
  }

  const warning = connection.warning;
  const returnFocusToField = (event: Event) => {
    event.preventDefault();
    connectionRef.current?.focus();
    connectionRef.current?.select();
  };

  return (
    <div className="page page-narrow">
      <PageHeader
        eyebrow="Recruiter"
        title="Post a job"
        description="Post a job for one of your clients. The connection ID tells Hirelink which client it is for."
      />
      <Card>
        <form className="form" onSubmit={onSubmit} noValidate aria-label="Post a job">
          {serverError && !serverErrorField && !(serverError instanceof ApiError && serverError.code === 'invalid_connection_id') && (
            <Alert tone="error" title="The job was not posted.">
              {errorMessage(serverError)}
            </Alert>
          )}
          <fieldset className="form-section">
            <legend className="form-section-title">Client</legend>
            <ConnectionIdField
              ref={connectionRef}
              value={connection.value}
              onChange={(value) => {
                connection.onChange(value);
                if (serverErrorField === 'connection_id') createJob.reset();
              }}
              onBlur={() => {
                if (phase === 'editing') void connection.verify('blur');
              }}
              formatError={connection.formatError}
              check={connection.check}
              serverError={serverErrorField === 'connection_id' ? errorMessage(serverError) : null}
            />
          </fieldset>
          <fieldset className="form-section">
            <legend className="form-section-title">Job</legend>
            <TextField
              ref={titleRef}
              label="Job title"
              name="title"
              value={job.title}
              onChange={(event) => setJobField('title', event.target.value)}
              error={titleError ?? (serverErrorField === 'title' ? errorMessage(serverError) : undefined)}
              placeholder="e.g. Senior Backend Engineer"
              maxLength={200}
              required
            />
            <TextAreaField
              label="Description"
              name="description"
              optional
              value={job.description}
              onChange={(event) => setJobField('description', event.target.value)}
              error={serverErrorField === 'description' ? errorMessage(serverError) : undefined}
              rows={6}
              maxLength={20_000}
            />
            <div className="form-row">
              <TextField
                label="Location"
                name="location"
                optional
                value={job.location}
                onChange={(event) => setJobField('location', event.target.value)}
                error={serverErrorField === 'location' ? errorMessage(serverError) : undefined}
                placeholder="e.g. Berlin or Remote"
                maxLength={200}
              />
              <SelectField
                label="Employment type"
                name="employment_type"
                optional
                value={job.employment_type}
                onChange={(event) => setJobField('employment_type', event.target.value)}
                error={serverErrorField === 'employment_type' ? errorMessage(serverError) : undefined}
              >
                <option value="">Not specified</option>
                {EMPLOYMENT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {EMPLOYMENT_TYPE_LABELS[type]}
                  </option>
                ))}
              </SelectField>
            </div>
          </fieldset>
          <div className="form-actions">
            <Button
              type="submit"
              variant="primary"
              pending={phase !== 'editing'}
              pendingLabel={phase === 'verifying' ? 'Checking connection ID…' : 'Posting job…'}
            >
              Post job
            </Button>
          </div>
        </form>
      </Card>

      <AlertDialog
        open={warning?.kind === 'invalid'}
        onOpenChange={(open) => !open && connection.dismissWarning()}
        title={INVALID_CONNECTION_TITLE}
        description={INVALID_CONNECTION_TEXT}
        cancelLabel="Fix the ID"
        onCloseAutoFocus={returnFocusToField}
      />
      <AlertDialog
        open={warning?.kind === 'unverifiable'}
        onOpenChange={(open) => !open && connection.dismissWarning()}
        title={UNVERIFIABLE_TITLE}
        description={UNVERIFIABLE_TEXT}
        cancelLabel="Close"
        actionLabel="Try again"
        onAction={() => {
          const during = warning?.kind === 'unverifiable' ? warning.during : 'blur';
          connection.dismissWarning();
          if (during === 'submit') void submit();
          else void connection.verify('blur');
        }}
        onCloseAutoFocus={returnFocusToField}
      />
      <AlertDialog
        open={warning?.kind === 'refused'}
        onOpenChange={(open) => !open && connection.dismissWarning()}
        title="Connection ID not checked"
        description={warning?.kind === 'refused' ? warning.message : ''}
        onCloseAutoFocus={returnFocusToField}
      />
      <AlertDialog
        open={postFailed === 'unreachable'}
        onOpenChange={(open) => !open && setPostFailed(null)}
        title="Could not post the job"
        description="Hirelink could not be reached. Please check your connection and try again; everything you typed is still here."
        cancelLabel="Close"
        actionLabel="Try again"
        onAction={() => {
          setPostFailed(null);
          void submit();
        }}
      />
    </div>
  );
}
