import type { Application, Interview } from '#contract';
import { useState } from 'react';
import { AlertDialog } from '../../../components/ui/AlertDialog';
import { Button } from '../../../components/ui/Button';
import { FormDialog } from '../../../components/ui/Dialog';
import { TextAreaField } from '../../../components/ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useUpdateInterview } from '../api/update-interview';
import { hasTimeCome } from '../interview-time';
import { ScheduleInterviewDialog } from './ScheduleInterviewDialog';

/** A scheduled interview can be completed (with an outcome) once its time has come, rescheduled, or cancelled. */
export function InterviewActions({
  interview,
  application,
  candidateName,
}: {
  interview: Interview;
  application: Application | undefined;
  candidateName: string;
}) {
  const complete = useUpdateInterview();
  const cancel = useUpdateInterview();
  const [dialog, setDialog] = useState<'complete' | 'reschedule' | 'cancel' | null>(null);
  const [outcome, setOutcome] = useState('');
  const now = useNow(30_000);

  if (interview.status !== 'scheduled') return null;

  function onComplete() {
    complete.mutate(
      { interviewId: interview.interview_id, body: { status: 'completed', ...(outcome.trim() && { outcome: outcome.trim() }) } },
      { onSuccess: () => setDialog(null) },
    );
  }

  return (
    <div className="button-row">
      {/* The API refuses to complete an interview before its time. */}
      {hasTimeCome(interview, now) && (
        <Button size="sm" onClick={() => setDialog('complete')}>
          Complete<span className="visually-hidden"> interview with {candidateName}</span>
        </Button>
      )}
      {application && (
        <Button size="sm" variant="ghost" onClick={() => setDialog('reschedule')}>
          {/* Not "Reschedule interview with …", which would also match "Schedule interview with …". */}
          Reschedule<span className="visually-hidden"> {candidateName}&rsquo;s interview</span>
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={() => setDialog('cancel')}>
        Cancel<span className="visually-hidden"> interview with {candidateName}</span>
      </Button>
      {application && dialog === 'reschedule' && (
        <ScheduleInterviewDialog
          application={application}
          interview={interview}
          open
          onOpenChange={(open) => setDialog(open ? 'reschedule' : null)}
        />
      )}
      <FormDialog
        open={dialog === 'complete'}
        onOpenChange={(open) => setDialog(open ? 'complete' : null)}
        title={`Complete the interview with ${candidateName}`}
        description={formatDateTime(interview.scheduled_at)}
        mutation={complete}
        onSubmit={onComplete}
        cancelLabel="Back"
        submitLabel="Mark completed"
        pendingLabel="Saving…"
      >
        <TextAreaField
          label="Outcome"
          optional
          rows={3}
          value={outcome}
          onChange={(event) => setOutcome(event.target.value)}
          placeholder="e.g. Strong system design, move to offer"
          maxLength={5000}
        />
      </FormDialog>
      <AlertDialog
        open={dialog === 'cancel'}
        onOpenChange={(open) => {
          if (!open) cancel.reset();
          setDialog(open ? 'cancel' : null);
        }}
        tone="danger"
        title={`Cancel the interview with ${candidateName}?`}
        description={
          cancel.isError
            ? `Could not cancel: ${errorMessage(cancel.error)}`
            : `${formatDateTime(interview.scheduled_at)}. The client will see it as cancelled.`
        }
        cancelLabel="Keep it"
        actionLabel="Cancel interview"
        actionVariant="danger"
        actionPending={cancel.isPending}
        onAction={() => cancel.mutate({ interviewId: interview.interview_id, body: { status: 'cancelled' } }, { onSuccess: () => setDialog(null) })}
      />
    </div>
  );
}
