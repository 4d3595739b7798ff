import { Link } from 'react-router';
import { Card, CardHeader } from '../../../components/ui/Card';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { formatDate, pluralise } from '../../../lib/format';
import { useAwaitingFeedback } from '../api/list-awaiting-feedback';

/**
 * "Awaiting your feedback": candidates the client has seen for longer than the agreed time
 * (FEEDBACK_SLA_DAYS) without approving or rejecting them, each linking to its thread on the job page.
 */
export function AwaitingFeedbackPanel() {
  const awaiting = useAwaitingFeedback();
  const candidates = awaiting.data?.candidates ?? [];
  const total = awaiting.data?.total ?? 0;
  return (
    <Card aria-labelledby="awaiting-feedback-title" className="awaiting-feedback">
      <CardHeader
        title="Awaiting your feedback"
        titleId="awaiting-feedback-title"
        description={
          awaiting.data
            ? total === 0
              ? 'Nothing is waiting for you.'
              : `${pluralise(total, 'candidate')} waiting for your decision, longest first.`
            : undefined
        }
      />
      {awaiting.isPending ? (
        <Loading label="Loading…" />
      ) : awaiting.isError && !awaiting.data ? (
        <LoadError error={awaiting.error} onRetry={() => void awaiting.refetch()} what="the candidates awaiting your feedback" />
      ) : candidates.length === 0 ? (
        <EmptyState title="You are up to date">Candidates you have not answered for a few days appear here.</EmptyState>
      ) : (
        <ul className="awaiting-feedback-list" data-awaiting-total={total}>
          {candidates.map((candidate) => (
            <li key={candidate.application_id} data-application-id={candidate.application_id}>
              <Link to={`/client/jobs/${encodeURIComponent(candidate.job_id)}#candidate-${encodeURIComponent(candidate.application_id)}`}>
                {candidate.candidate_name}
              </Link>{' '}
              <span className="cell-meta">
                {candidate.job_title} · waiting since <time dateTime={candidate.awaiting_since}>{formatDate(candidate.awaiting_since)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
