import type { Application, Interview } from '#contract';
import type { ReactNode } from 'react';
import { InterviewStatusBadge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/QueryState';
import { INTERVIEW_KIND_LABELS, formatDateTime } from '../../../lib/format';
import { type CandidateColumn, CandidateRowsTable } from './CandidateRowsTable';

const COLUMNS: CandidateColumn<Interview>[] = [
  {
    label: 'When',
    className: 'nowrap',
    cell: (interview) => <time dateTime={interview.scheduled_at}>{formatDateTime(interview.scheduled_at)}</time>,
  },
  { label: 'Type', cell: (interview) => INTERVIEW_KIND_LABELS[interview.kind] },
  { label: 'Status', cell: (interview) => <InterviewStatusBadge status={interview.status} /> },
  { label: 'Outcome', className: 'cell-text', cell: (interview) => interview.outcome ?? '—' },
];

export function InterviewsTable({
  interviews,
  applications,
  renderActions,
}: {
  interviews: Interview[];
  applications: Application[];
  renderActions?: (interview: Interview, candidateName: string) => ReactNode;
}) {
  if (interviews.length === 0) return <EmptyState title="No interviews yet" />;
  return (
    <CandidateRowsTable
      caption="Interviews"
      rows={[...interviews].sort((a, b) => a.scheduled_at.localeCompare(b.scheduled_at))}
      applications={applications}
      columns={COLUMNS}
      rowKey={(interview) => interview.interview_id}
      rowAttributes={(interview) => ({ 'data-interview-id': interview.interview_id })}
      renderActions={renderActions}
    />
  );
}
