import type { JobStatus } from '#contract';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { errorMessage } from '../../../lib/api-client';
import { JOB_STATUSES, JOB_STATUS_LABELS } from '../../../lib/format';
import { useUpdateJob } from '../api/update-job';

export function JobStatusControl({ jobId, status }: { jobId: string; status: JobStatus }) {
  const id = useId();
  const updateJob = useUpdateJob();
  const [choice, setChoice] = useState<JobStatus>(status);
  const [shownFor, setShownFor] = useState(status);
  // Someone (or a refresh) changed the status: follow it.
  if (shownFor !== status) {
    setShownFor(status);
    setChoice(status);
  }
  return (
    <div className="status-control">
      <label htmlFor={id} className="field-label">
        Job status
      </label>
      <div className="move-control">
        <select
          id={id}
          className="input select input-sm"
          value={choice}
          onChange={(event) => {
            setChoice(event.target.value as JobStatus);
            updateJob.reset();
          }}
        >
          {JOB_STATUSES.map((value) => (
            <option key={value} value={value}>
              {JOB_STATUS_LABELS[value]}
            </option>
          ))}
        </select>
        <Button
          size="sm"
          disabled={choice === status}
          pending={updateJob.isPending}
          pendingLabel="Saving…"
          onClick={() => !updateJob.isPending && updateJob.mutate({ jobId, body: { status: choice } })}
        >
          Update status
        </Button>
      </div>
      {updateJob.isError && (
        <p className="inline-error" role="alert">
          {errorMessage(updateJob.error)}
        </p>
      )}
    </div>
  );
}
