import type { Application, Interview } from '#contract';
import type { ReactNode } from 'react';
import { AddToCalendarButton } from '../../../components/calendar/AddToCalendarButton';
import { InterviewStatusBadge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/QueryState';
import { INTERVIEW_KIND_LABELS, formatDateTime, formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { isOverdue, isWebAddress } from '../interview-time';
import { type CandidateColumn, CandidateRowsTable } from './CandidateRowsTable';

function columns(
  now: number,
  calendarPathFor: ((interview: Interview) => string) | undefined,
  nameOf: (interview: Interview) => string,
): CandidateColumn<Interview>[] {
  return [
    {
      label: 'When',
      className: 'nowrap',
      cell: (interview) => (
        <div>
          <time dateTime={interview.scheduled_at}>{formatDateTime(interview.scheduled_at, now)}</time>
          {interview.duration_minutes !== null && <span className="cell-meta">{formatDuration(interview.duration_minutes)}</span>}
          {/* A cancelled one too: downloaded again, it strikes the entry out of a calendar that has it. */}
          {calendarPathFor && interview.status !== 'completed' && (
            <AddToCalendarButton path={calendarPathFor(interview)} interviewId={interview.interview_id} candidateName={nameOf(interview)} />
          )}
        </div>
      ),
    },
    {
      label: 'Type',
      cell: (interview) => (
        <div>
          {INTERVIEW_KIND_LABELS[interview.kind]}
          {interview.interviewer_name && <span className="cell-meta">with {interview.interviewer_name}</span>}
          {interview.meeting_url && isWebAddress(interview.meeting_url) && (
            <a className="cell-meta" href={interview.meeting_url} target="_blank" rel="noopener noreferrer">
              Meeting link<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
        </div>
      ),
    },
    { label: 'Status', cell: (interview) => <InterviewStatusBadge status={interview.status} overdue={isOverdue(interview, now)} /> },
    { label: 'Outcome', className: 'cell-text', cell: (interview) => interview.outcome ?? '—' },
  ];
}

export function InterviewsTable({
  interviews,
  applications,
  renderActions,
  calendarPathFor,
}: {
  interviews: Interview[];
  applications: Pick<Application, 'application_id' | 'candidate_name' | 'stage'>[];
  renderActions?: (interview: Interview, candidateName: string) => ReactNode;
  /** The caller's own route to an interview's .ics file: each row then offers "Add to calendar". */
  calendarPathFor?: (interview: Interview) => string;
}) {
  // Re-read now and then, so that an interview whose time passes turns overdue on an open page.
  const now = useNow(30_000);
  if (interviews.length === 0) return <EmptyState title="No interviews yet" />;
  const names = new Map(applications.map((application) => [application.application_id, application.candidate_name]));
  return (
    <CandidateRowsTable
      caption="Interviews"
      rows={[...interviews].sort((a, b) => a.scheduled_at.localeCompare(b.scheduled_at))}
      applications={applications}
      columns={columns(now, calendarPathFor, (interview) => names.get(interview.application_id) ?? 'the candidate')}
      rowKey={(interview) => interview.interview_id}
      rowAttributes={(interview) => ({ 'data-interview-id': interview.interview_id })}
      renderActions={renderActions}
    />
  );
}
