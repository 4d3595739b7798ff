import type { Application, Interview } from '#contract';
import type { ReactNode } from 'react';
import { InterviewStatusBadge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/QueryState';
import { INTERVIEW_KIND_LABELS, formatDateTime, formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { isOverdue, isWebAddress } from '../interview-time';
import { type CandidateColumn, CandidateRowsTable } from './CandidateRowsTable';

function columns(now: number): CandidateColumn<Interview>[] {
  return [
    {
      label: 'When',
      className: 'nowrap',
      cell: (interview) => (
        <div>
          <time dateTime={interview.scheduled_at}>{formatDateTime(interview.scheduled_at, now)}</time>
          {interview.duration_minutes !== null && <span className="cell-meta">{formatDuration(interview.duration_minutes)}</span>}
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
}: {
  interviews: Interview[];
  applications: Pick<Application, 'application_id' | 'candidate_name' | 'stage'>[];
  renderActions?: (interview: Interview, candidateName: string) => ReactNode;
}) {
  // Re-read now and then, so that an interview whose time passes turns overdue on an open page.
  const now = useNow(30_000);
  if (interviews.length === 0) return <EmptyState title="No interviews yet" />;
  return (
    <CandidateRowsTable
      caption="Interviews"
      rows={[...interviews].sort((a, b) => a.scheduled_at.localeCompare(b.scheduled_at))}
      applications={applications}
      columns={columns(now)}
      rowKey={(interview) => interview.interview_id}
      rowAttributes={(interview) => ({ 'data-interview-id': interview.interview_id })}
      renderActions={renderActions}
    />
  );
}
