import type { FunnelStage, JobUpdateBody, RecruiterJob } from '#contract';
import { useId } from 'react';
import { Card, CardHeader } from '../../../components/ui/Card';
import { SelectField } from '../../../components/ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { FUNNEL_STAGES, FUNNEL_STAGE_LABELS } from '../../../lib/format';
import { useUpdateJob } from '../api/update-job';

/**
 * What the job's client sees: from which stage on it sees candidates (one shared early is seen
 * whatever its stage), and whether it gets their contact details. Each change is saved at once.
 */
export function ClientSharingCard({ job }: { job: Pick<RecruiterJob, 'job_id' | 'client_visible_from' | 'share_contact_details'> }) {
  const updateJob = useUpdateJob();
  const checkboxId = useId();
  const save = (body: JobUpdateBody) => updateJob.mutate({ jobId: job.job_id, body });
  // While a change is on its way, show it (the page's data follows when the job is read again).
  const pending = updateJob.isPending ? updateJob.variables.body : {};
  const visibleFrom = pending.client_visible_from ?? job.client_visible_from;
  const shareContactDetails = pending.share_contact_details ?? job.share_contact_details;
  return (
    <Card aria-labelledby="client-sharing-title">
      <CardHeader
        title="What the client sees"
        titleId="client-sharing-title"
        description="Your notes are never shown. The client reads each candidate's summary."
      />
      <SelectField
        label="Client sees candidates from"
        value={visibleFrom}
        disabled={updateJob.isPending}
        onChange={(event) => save({ client_visible_from: event.target.value as FunnelStage })}
        hint="A candidate you share with the client is shown whatever its stage."
      >
        {FUNNEL_STAGES.map((stage) => (
          <option key={stage} value={stage}>
            {FUNNEL_STAGE_LABELS[stage]}
          </option>
        ))}
      </SelectField>
      <p className="checkbox-field">
        <input
          id={checkboxId}
          type="checkbox"
          checked={shareContactDetails}
          disabled={updateJob.isPending}
          onChange={(event) => save({ share_contact_details: event.target.checked })}
        />{' '}
        <label htmlFor={checkboxId}>Share candidates&rsquo; contact details (e-mail)</label>
      </p>
      {updateJob.isError && (
        <p className="inline-error" role="alert">
          Could not save: {errorMessage(updateJob.error)}
        </p>
      )}
    </Card>
  );
}
