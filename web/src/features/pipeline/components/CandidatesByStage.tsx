import type { Application, ClientApplication } from '#contract';
import type { ReactNode } from 'react';
import { ClientDecisionBadge } from '../../../components/feedback/components/FeedbackThread';
import { StageBadge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/QueryState';
import { APPLICATION_STAGES, APPLICATION_STAGE_LABELS, formatDate, formatNumber } from '../../../lib/format';
import { mailtoHref } from '../../../lib/mailto';

/** A candidate as either side reads it: the client's has no notes, and an e-mail address only if the job shares it. */
type Candidate = Application | ClientApplication;

/**
 * Candidates in sections by their current stage; the recruiter's page adds actions to each, and
 * sees what the client sees of each (summary, whether it is shown to the client).
 */
export function CandidatesByStage<A extends Candidate>({
  applications,
  renderActions,
  renderThread,
  emptyText,
}: {
  applications: A[];
  renderActions?: (application: A) => ReactNode;
  /** The candidate's feedback thread, under what is said of it. */
  renderThread?: (application: A) => ReactNode;
  emptyText: ReactNode;
}) {
  if (applications.length === 0) return <EmptyState title="No candidates yet">{emptyText}</EmptyState>;
  return (
    <div className="stage-sections">
      {APPLICATION_STAGES.map((stage) => {
        const inStage = applications.filter((application) => application.stage === stage);
        if (inStage.length === 0) return null;
        const headingId = `stage-${stage}`;
        return (
          <section key={stage} className="stage-section" aria-labelledby={headingId}>
            <h3 className="stage-heading" id={headingId}>
              {APPLICATION_STAGE_LABELS[stage]} <span className="stage-count">{formatNumber(inStage.length)}</span>
            </h3>
            <ul className="candidate-list">
              {inStage.map((application) => (
                <li
                  key={application.application_id}
                  id={`candidate-${application.application_id}`}
                  className="candidate"
                  data-application-id={application.application_id}
                >
                  <div className="candidate-main">
                    <p className="candidate-name">
                      {application.candidate_name} <StageBadge stage={application.stage} />{' '}
                      <ClientDecisionBadge decision={application.client_decision} />
                    </p>
                    <p className="candidate-meta">
                      {application.candidate_email && (
                        <>
                          <a href={mailtoHref(application.candidate_email)}>{application.candidate_email}</a>
                          {' · '}
                        </>
                      )}
                      added <time dateTime={application.created_at}>{formatDate(application.created_at)}</time>
                      {'client_visible' in application && (
                        <>
                          {' · '}
                          <span className="candidate-visibility" data-client-visible={String(application.client_visible)}>
                            {application.client_visible
                              ? application.shared_with_client
                                ? 'Shared with client'
                                : 'Client sees'
                              : 'Hidden from client'}
                          </span>
                        </>
                      )}
                    </p>
                    {'notes' in application && application.notes && <p className="candidate-notes">{application.notes}</p>}
                    {application.client_summary && (
                      <p className="candidate-summary">
                        <span className="candidate-summary-label">{'notes' in application ? 'Summary for the client: ' : 'Summary: '}</span>
                        {application.client_summary}
                      </p>
                    )}
                    {renderThread?.(application)}
                  </div>
                  {renderActions && <div className="candidate-actions">{renderActions(application)}</div>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
