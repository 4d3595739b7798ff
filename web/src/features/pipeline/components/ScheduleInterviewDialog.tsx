import { type Application, type Interview, type InterviewKind, stageReachedBy } from '#contract';
import { useState } from 'react';
import { FormDialog } from '../../../components/ui/Dialog';
import { SelectField, TextField } from '../../../components/ui/Field';
import { INTERVIEW_KINDS, INTERVIEW_KIND_LABELS, formatDuration, toLocalDateTimeInput } from '../../../lib/format';
import { useScheduleInterview } from '../api/schedule-interview';
import { useUpdateInterview } from '../api/update-interview';
import { isPastForScheduling, isWebAddress } from '../interview-time';

const DURATIONS = [15, 30, 45, 60, 90, 120];

function tomorrowAtTen(): string {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(10, 0, 0, 0);
  return toLocalDateTimeInput(date);
}

interface Fields {
  when: string;
  kind: InterviewKind;
  /** Minutes, or '' for not said. */
  duration: string;
  interviewer: string;
  link: string;
}

const freshFields = (): Fields => ({ when: tomorrowAtTen(), kind: 'video', duration: '', interviewer: '', link: '' });

const fieldsOf = (interview: Interview): Fields => ({
  when: toLocalDateTimeInput(new Date(interview.scheduled_at)),
  kind: interview.kind,
  duration: interview.duration_minutes === null ? '' : String(interview.duration_minutes),
  interviewer: interview.interviewer_name ?? '',
  link: interview.meeting_url ?? '',
});

/**
 * Schedules an interview with a candidate or, given `interview`, reschedules that one (its time and
 * details). A time that has passed is refused before anything is sent, as the API would refuse it.
 */
export function ScheduleInterviewDialog({
  application,
  interview,
  open,
  onOpenChange,
}: {
  application: Application;
  interview?: Interview;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const scheduleInterview = useScheduleInterview();
  const updateInterview = useUpdateInterview();
  const mutation = interview ? updateInterview : scheduleInterview;
  const [fields, setFields] = useState<Fields>(() => (interview ? fieldsOf(interview) : freshFields()));
  const [problems, setProblems] = useState<{ when?: string; link?: string }>({});
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((current) => ({ ...current, [key]: value }));
    if (key === 'when' || key === 'link') setProblems((current) => ({ ...current, [key]: undefined }));
  };
  const name = application.candidate_name;

  function onSubmit() {
    // datetime-local is the user's wall-clock time; Date reads it in the local time zone.
    const at = fields.when ? new Date(fields.when) : null;
    const timeChanged = !interview || fields.when !== fieldsOf(interview).when;
    const link = fields.link.trim();
    const found = {
      when:
        !at || Number.isNaN(at.getTime())
          ? 'Choose a date and time.'
          : timeChanged && isPastForScheduling(at.getTime(), Date.now())
            ? 'This time has passed: choose a time from now on.'
            : undefined,
      link: link && !isWebAddress(link) ? 'Enter a web address starting with https:// (or http://).' : undefined,
    };
    setProblems(found);
    if (found.when || found.link || !at) return;
    const details = {
      kind: fields.kind,
      duration_minutes: fields.duration ? Number(fields.duration) : null,
      interviewer_name: fields.interviewer.trim() || null,
      meeting_url: link || null,
    };
    const done = () => {
      if (!interview) setFields(freshFields());
      onOpenChange(false);
    };
    if (interview) {
      // An unchanged time is left out: it may have passed, and the API refuses a past time it is sent.
      updateInterview.mutate(
        { interviewId: interview.interview_id, body: { ...details, ...(timeChanged && { scheduled_at: at.toISOString() }) } },
        { onSuccess: done },
      );
    } else {
      scheduleInterview.mutate(
        { applicationId: application.application_id, body: { scheduled_at: at.toISOString(), ...details } },
        { onSuccess: done },
      );
    }
  }

  const durations = [...new Set([...DURATIONS, ...(fields.duration ? [Number(fields.duration)] : [])])].sort((a, b) => a - b);
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        if (next && interview) setFields(fieldsOf(interview));
        if (!next) setProblems({});
        onOpenChange(next);
      }}
      title={interview ? `Reschedule the interview with ${name}` : `Schedule an interview with ${name}`}
      description={
        interview
          ? 'The client sees the new time and details on its job page.'
          : [
              'The client sees scheduled interviews on their dashboard.',
              stageReachedBy(application.stage, 'interview') && `${name} moves to Interview.`,
            ]
              .filter(Boolean)
              .join(' ')
      }
      mutation={mutation}
      onSubmit={onSubmit}
      submitLabel={interview ? 'Reschedule' : 'Schedule interview'}
      pendingLabel="Saving…"
    >
      <TextField
        label="Date and time"
        type="datetime-local"
        value={fields.when}
        onChange={(event) => set('when', event.target.value)}
        error={problems.when}
        min={toLocalDateTimeInput(new Date())}
        hint={`Your time zone: ${Intl.DateTimeFormat().resolvedOptions().timeZone}.`}
        required
      />
      <div className="form-row">
        <SelectField label="Type" value={fields.kind} onChange={(event) => set('kind', event.target.value as InterviewKind)}>
          {INTERVIEW_KINDS.map((value) => (
            <option key={value} value={value}>
              {INTERVIEW_KIND_LABELS[value]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Length" optional value={fields.duration} onChange={(event) => set('duration', event.target.value)}>
          <option value="">Not set</option>
          {durations.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {formatDuration(minutes)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField
        label="Interviewer"
        optional
        autoComplete="off"
        value={fields.interviewer}
        onChange={(event) => set('interviewer', event.target.value)}
        maxLength={200}
      />
      <TextField
        label="Meeting link"
        optional
        type="url"
        inputMode="url"
        autoComplete="off"
        placeholder="https://"
        value={fields.link}
        onChange={(event) => set('link', event.target.value)}
        error={problems.link}
        maxLength={2000}
      />
    </FormDialog>
  );
}
