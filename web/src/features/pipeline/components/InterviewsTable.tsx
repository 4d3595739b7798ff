import type { Application, Interview } from '#contract';
import type { ReactNode } from 'react';
import { InterviewStatusBadge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/QueryState';
import { INTERVIEW_KIND_LABELS, formatDateTime } from '../../../lib/format';

export function candidateNames(applications: Application[]): Map<string, string> {
  return new Map(applications.map((application) => [application.application_id, application.candidate_name]));
}

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
  const names = candidateNames(applications);
  const sorted = [...interviews].sort((a, b) => a.scheduled_at.localeCompare(b.scheduled_at));
  return (
    <div className="table-wrap">
      <table className="table table-stack">
        <caption className="visually-hidden">Interviews</caption>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col">When</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Outcome</th>
            {renderActions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {sorted.map((interview) => {
            const name = names.get(interview.application_id) ?? 'Unknown candidate';
            return (
              <tr key={interview.interview_id} data-interview-id={interview.interview_id}>
                <th scope="row">{name}</th>
                <td data-label="When" className="nowrap">
                  <time dateTime={interview.scheduled_at}>{formatDateTime(interview.scheduled_at)}</time>
                </td>
                <td data-label="Type">{INTERVIEW_KIND_LABELS[interview.kind]}</td>
                <td data-label="Status">
                  <InterviewStatusBadge status={interview.status} />
                </td>
                <td data-label="Outcome" className="cell-text">
                  {interview.outcome ?? '—'}
                </td>
                {renderActions && <td className="cell-actions">{renderActions(interview, name)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
