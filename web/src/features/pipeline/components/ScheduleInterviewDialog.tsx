import { type Application, type InterviewKind, stageReachedBy } from '#contract';
import { useState } from 'react';
import { FormDialog } from '../../../components/ui/Dialog';
import { SelectField, TextField } from '../../../components/ui/Field';
import { INTERVIEW_KINDS, INTERVIEW_KIND_LABELS, toLocalDateTimeInput } from '../../../lib/format';
import { useScheduleInterview } from '../api/schedule-interview';
import { isPastForScheduling } from '../interview-time';

function tomorrowAtTen(): string {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(10, 0, 0, 0);
  return toLocalDateTimeInput(date);
}

export function ScheduleInterviewDialog({
  application,
  open,
  onOpenChange,
}: {
  application: Application;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const scheduleInterview = useScheduleInterview();
  const [when, setWhen] = useState(tomorrowAtTen);
  const [kind, setKind] = useState<InterviewKind>('video');
  const [problem, setProblem] = useState<string | null>(null);

  function onSubmit() {
    // datetime-local is the user's wall-clock time; Date reads it in the local time zone.
    const at = when ? new Date(when) : null;
    if (!at || Number.isNaN(at.getTime())) {
      setProblem('Choose a date and time.');
      return;
    }
    if (isPastForScheduling(at.getTime(), Date.now())) {
      setProblem('This time has passed: choose a time from now on.');
      return;
    }
    setProblem(null);
    scheduleInterview.mutate(
      { applicationId: application.application_id, body: { scheduled_at: at.toISOString(), kind } },
      {
        onSuccess: () => {
          setWhen(tomorrowAtTen());
          onOpenChange(false);
        },
      },
    );
  }

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Schedule an interview with ${application.candidate_name}`}
      description={[
        'The client sees scheduled interviews on their dashboard.',
        stageReachedBy(application.stage, 'interview') && `${application.candidate_name} moves to Interview.`,
      ]
        .filter(Boolean)
        .join(' ')}
      mutation={scheduleInterview}
      onSubmit={onSubmit}
      submitLabel="Schedule interview"
      pendingLabel="Scheduling…"
    >
      <TextField
        label="Date and time"
        type="datetime-local"
        value={when}
        onChange={(event) => {
          setWhen(event.target.value);
          setProblem(null);
        }}
        error={problem}
        min={toLocalDateTimeInput(new Date())}
        hint={`Your time zone: ${Intl.DateTimeFormat().resolvedOptions().timeZone}.`}
        required
      />
      <SelectField label="Type" value={kind} onChange={(event) => setKind(event.target.value as InterviewKind)}>
        {INTERVIEW_KINDS.map((value) => (
          <option key={value} value={value}>
            {INTERVIEW_KIND_LABELS[value]}
          </option>
        ))}
      </SelectField>
    </FormDialog>
  );
}
