import { type ClientDecision, FEEDBACK_COMMENT_MAX, type FeedbackItem } from '#contract';
import { useId, useState } from 'react';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { TextAreaField } from '../../ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import type { Role } from '../../../lib/session';
import { useNow } from '../../../lib/use-now';
import { useAddClientFeedback, useAddRecruiterComment, useFeedbackThread } from '../api/feedback';

/** The client's latest decision on a candidate, shown beside its name on both sides' job pages. */
export function ClientDecisionBadge({ decision }: { decision: ClientDecision | null }) {
  if (decision === null) return null;
  return <Badge tone={decision === 'approved' ? 'success' : 'danger'}>{decision === 'approved' ? 'Client approved' : 'Client rejected'}</Badge>;
}

const ITEM_DECISION_LABELS = { approve: 'Approved', reject: 'Rejected' } as const;

/**
 * A candidate's feedback thread, oldest first, behind a disclosure (it is fetched only while open,
 * so a long job page does not read every thread), with the side's own way to answer: the client
 * approves, rejects (with a reason) or comments; the recruiter replies. Live events refresh it.
 */
export function FeedbackThread({
  role,
  jobId,
  applicationId,
  candidateName,
  defaultOpen = false,
  note,
}: {
  role: Role;
  jobId: string;
  applicationId: string;
  candidateName: string;
  defaultOpen?: boolean;
  /** Said above the way to answer, e.g. that the client does not see the candidate yet. */
  note?: string;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const panelId = useId();
  const thread = useFeedbackThread(role, jobId, applicationId, open);
  const items = thread.data?.feedback ?? [];
  return (
    <div className="feedback" data-feedback-for={applicationId}>
      {/* Named in an attribute, not in hidden text, so that the candidate's name is on the page once. */}
      <Button
        size="sm"
        variant="ghost"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`${open ? 'Hide feedback' : 'Feedback'} on ${candidateName}`}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide feedback' : 'Feedback'}
      </Button>
      {open && (
        <div id={panelId} className="feedback-panel">
          {thread.isPending ? (
            <p className="muted">Loading feedback…</p>
          ) : thread.isError && !thread.data ? (
            <p className="inline-error" role="alert">
              Could not load the feedback: {errorMessage(thread.error)}
            </p>
          ) : items.length === 0 ? (
            <p className="muted">No feedback yet.</p>
          ) : (
            <ol className="feedback-list" aria-label={`Feedback on ${candidateName}`}>
              {items.map((item) => (
                <FeedbackEntry key={item.feedback_id} item={item} />
              ))}
            </ol>
          )}
          {note && <p className="muted">{note}</p>}
          {role === 'client' ? (
            <ClientComposer jobId={jobId} applicationId={applicationId} candidateName={candidateName} />
          ) : (
            <RecruiterComposer jobId={jobId} applicationId={applicationId} candidateName={candidateName} />
          )}
        </div>
      )}
    </div>
  );
}

function FeedbackEntry({ item }: { item: FeedbackItem }) {
  const now = useNow(60_000);
  return (
    <li className={`feedback-item feedback-item-${item.author_role}`} data-feedback-id={item.feedback_id}>
      <p className="feedback-meta">
        <strong>{item.author_name}</strong>
        {item.decision && (
          <>
            {' '}
            <Badge tone={item.decision === 'approve' ? 'success' : 'danger'}>{ITEM_DECISION_LABELS[item.decision]}</Badge>
          </>
        )}
        {' · '}
        <time dateTime={item.created_at}>{formatDateTime(item.created_at, now)}</time>
      </p>
      {item.comment && <p className="feedback-comment">{item.comment}</p>}
    </li>
  );
}

function ClientComposer({ jobId, applicationId, candidateName }: { jobId: string; applicationId: string; candidateName: string }) {
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = useAddClientFeedback(jobId, applicationId);
  const send = (decision: 'approve' | 'reject' | 'comment') => {
    const text = comment.trim();
    if (decision === 'reject' && !text) return setProblem('Say why you reject this candidate: the reason is required.');
    if (decision === 'comment' && !text) return setProblem('Write a comment first.');
    setProblem(null);
    add.mutate(
      { decision, comment: text || null },
      {
        onSuccess: () => setComment(''),
        onError: (error) => setProblem(errorMessage(error)),
      },
    );
  };
  return (
    <form className="feedback-composer" onSubmit={(event) => event.preventDefault()} aria-label={`Your feedback on ${candidateName}`}>
      <TextAreaField
        label="Comment or reason"
        hint="A reason is required to reject."
        value={comment}
        maxLength={FEEDBACK_COMMENT_MAX}
        rows={2}
        error={problem}
        onChange={(event) => setComment(event.target.value)}
      />
      <div className="feedback-buttons">
        <Button size="sm" variant="primary" pending={add.isPending && add.variables?.decision === 'approve'} onClick={() => send('approve')}>
          Approve
        </Button>
        <Button size="sm" variant="danger" pending={add.isPending && add.variables?.decision === 'reject'} onClick={() => send('reject')}>
          Reject
        </Button>
        <Button size="sm" pending={add.isPending && add.variables?.decision === 'comment'} onClick={() => send('comment')}>
          Comment
        </Button>
      </div>
    </form>
  );
}

function RecruiterComposer({ jobId, applicationId, candidateName }: { jobId: string; applicationId: string; candidateName: string }) {
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = useAddRecruiterComment(jobId, applicationId);
  return (
    <form
      className="feedback-composer"
      aria-label={`Reply about ${candidateName}`}
      onSubmit={(event) => {
        event.preventDefault();
        const text = comment.trim();
        if (!text) return setProblem('Write a reply first.');
        setProblem(null);
        add.mutate({ comment: text }, { onSuccess: () => setComment(''), onError: (error) => setProblem(errorMessage(error)) });
      }}
    >
      <TextAreaField
        label="Your reply"
        value={comment}
        maxLength={FEEDBACK_COMMENT_MAX}
        rows={2}
        error={problem}
        onChange={(event) => setComment(event.target.value)}
      />
      <div className="feedback-buttons">
        <Button size="sm" type="submit" variant="primary" pending={add.isPending} pendingLabel="Sending…">
          Send reply
        </Button>
      </div>
    </form>
  );
}
