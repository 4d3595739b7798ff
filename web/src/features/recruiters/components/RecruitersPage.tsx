import type { LinkStatus, LinkedRecruiter } from '#contract';
import { useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { SettingCheckbox } from '../../../components/client-settings/SettingCheckbox';
import { Card, CardHeader } from '../../../components/ui/Card';
import { ConfirmDanger } from '../../../components/ui/ConfirmDanger';
import { LastUpdated } from '../../../components/ui/LastUpdated';
import { PageHeader } from '../../../components/ui/PageHeader';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { errorMessage } from '../../../lib/api-client';
import { useIsCompanyAdmin } from '../../../lib/client-profile';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type LinkAction, useChangeLink } from '../api/change-link';
import { useLinkedRecruiters } from '../api/list-linked-recruiters';

const STATUS_BADGES: Record<LinkStatus, { tone: 'success' | 'warning' | 'danger'; label: string }> = {
  active: { tone: 'success', label: 'Active' },
  pending: { tone: 'warning', label: 'Waiting for approval' },
  blocked: { tone: 'danger', label: 'Blocked' },
};

const DONE: Record<LinkAction, (name: string) => string> = {
  approve: (name) => `${name} is approved: their jobs are on your dashboard.`,
  block: (name) => `${name} is blocked. Your connection ID no longer works for them, and they can no longer change your jobs.`,
  unblock: (name) => `${name} is unblocked.`,
};

function ApprovalSetting({ isAdmin }: { isAdmin: boolean | undefined }) {
  return (
    <Card aria-labelledby="approval-title">
      <CardHeader
        title="New recruiters"
        titleId="approval-title"
        description="Anyone with your connection ID can post jobs for you. With approval on, a recruiter new to you waits until you approve them."
      />
      <SettingCheckbox
        setting="require_link_approval"
        label="Require my approval before a new recruiter’s jobs appear on my dashboard"
        canChange={isAdmin}
      />
    </Card>
  );
}

function RecruiterRow({
  recruiter,
  onAction,
}: {
  recruiter: LinkedRecruiter;
  /** Absent for members: only admins approve, block and unblock. */
  onAction: ((recruiter: LinkedRecruiter, action: LinkAction) => void) | undefined;
}) {
  const badge = STATUS_BADGES[recruiter.status];
  const hidden = <span className="visually-hidden"> {recruiter.name}</span>;
  return (
    <tr data-recruiter-id={recruiter.recruiter_id}>
      <th scope="row">
        {recruiter.name}
        <span className="job-meta">Linked {formatDate(recruiter.linked_at)}</span>
        {recruiter.pending_jobs.length > 0 && <span className="job-meta">Waiting: {recruiter.pending_jobs.map((job) => job.title).join(', ')}</span>}
      </th>
      <td data-label="Status">
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </td>
      <td data-label="Last activity" className="nowrap">
        {recruiter.last_activity_at ? formatDateTime(recruiter.last_activity_at) : '—'}
      </td>
      <td data-label="Jobs" className="num">
        {formatNumber(recruiter.jobs)}
      </td>
      <td data-label="Candidates shared" className="num">
        {formatNumber(recruiter.candidates_shared)}
      </td>
      <td data-label="Interviews" className="num">
        {formatNumber(recruiter.interviews)}
      </td>
      <td data-label="Offers" className="num">
        {formatNumber(recruiter.offers)}
      </td>
      <td data-label="Hires" className="num">
        {formatNumber(recruiter.hires)}
      </td>
      <td data-label="Median days to hire" className="num">
        {recruiter.median_days_to_hire === null ? '—' : formatNumber(recruiter.median_days_to_hire)}
      </td>
      {onAction && (
        <td className="cell-actions">
          {recruiter.status === 'pending' && (
            <Button size="sm" variant="primary" onClick={() => onAction(recruiter, 'approve')}>
              Approve{hidden}
            </Button>
          )}
          {recruiter.status === 'blocked' ? (
            <Button size="sm" onClick={() => onAction(recruiter, 'unblock')}>
              Unblock{hidden}
            </Button>
          ) : (
            <Button size="sm" variant="danger" onClick={() => onAction(recruiter, 'block')}>
              Block{hidden}
            </Button>
          )}
        </td>
      )}
    </tr>
  );
}

/** The client's recruiters: who holds its connection ID, what each did, and the client's say over them. */
export default function RecruitersPage() {
  useDocumentTitle('Recruiters');
  const recruiters = useLinkedRecruiters();
  const isAdmin = useIsCompanyAdmin();
  const changeLink = useChangeLink();
  const [toBlock, setToBlock] = useState<LinkedRecruiter | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = (recruiter: LinkedRecruiter, action: LinkAction) => {
    if (changeLink.isPending) return;
    setDone(null);
    changeLink.mutate(
      { recruiterId: recruiter.recruiter_id, action },
      {
        onSuccess: () => {
          setDone(DONE[action](recruiter.name));
          setToBlock(null);
        },
      },
    );
  };
  const pending = recruiters.data?.recruiters.filter((recruiter) => recruiter.status === 'pending').length ?? 0;

  return (
    <div className="page">
      <PageHeader
        eyebrow="Client"
        title="Recruiters"
        description="Every recruiter who has posted a job with your connection ID. Figures count what you can see on your dashboard."
        actions={
          <LastUpdated
            updatedAt={recruiters.dataUpdatedAt}
            refreshing={recruiters.isFetching && !recruiters.isPending}
            failed={recruiters.isRefetchError && !recruiters.isFetching}
            onRefresh={() => void recruiters.refetch()}
          />
        }
      />
      <ApprovalSetting isAdmin={isAdmin} />
      <Card aria-labelledby="recruiters-title">
        <CardHeader
          title="Linked recruiters"
          titleId="recruiters-title"
          description={pending > 0 ? `${formatNumber(pending)} waiting for your approval.` : undefined}
        />
        {isAdmin === false && <p className="field-hint">Only admins can approve, block or unblock recruiters.</p>}
        {done && <Alert tone="success">{done}</Alert>}
        {changeLink.isError && !toBlock && <Alert tone="error">Could not change the recruiter: {errorMessage(changeLink.error)}</Alert>}
        {recruiters.isPending ? (
          <Loading label="Loading recruiters…" />
        ) : recruiters.isError && !recruiters.data ? (
          <LoadError error={recruiters.error} onRetry={() => void recruiters.refetch()} what="your recruiters" />
        ) : recruiters.data.recruiters.length === 0 ? (
          <EmptyState title="No recruiters yet">Share your connection ID with a recruiter: they appear here once they post a job with it.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table-stack">
              <caption className="visually-hidden">Recruiters linked to you</caption>
              <thead>
                <tr>
                  <th scope="col">Recruiter</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last activity</th>
                  <th scope="col" className="num">
                    Jobs
                  </th>
                  <th scope="col" className="num">
                    <abbr title="Candidates shared with you">Shared</abbr>
                  </th>
                  <th scope="col" className="num">
                    Interviews
                  </th>
                  <th scope="col" className="num">
                    Offers
                  </th>
                  <th scope="col" className="num">
                    Hires
                  </th>
                  <th scope="col" className="num">
                    <abbr title="Median days from a candidate added to hired">Days to hire</abbr>
                  </th>
                  {isAdmin && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {recruiters.data.recruiters.map((recruiter) => (
                  <RecruiterRow
                    key={recruiter.recruiter_id}
                    recruiter={recruiter}
                    onAction={isAdmin ? (target, action) => (action === 'block' ? setToBlock(target) : run(target, action)) : undefined}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <ConfirmDanger
        open={toBlock !== null}
        onDismiss={() => setToBlock(null)}
        title={`Block ${toBlock?.name ?? ''}?`}
        consequence="Your connection ID stops working for them at once, and they can no longer change your jobs. Their jobs stay on your dashboard. You can unblock them later."
        failure="Could not block"
        attempt={changeLink}
        keepLabel="Keep"
        confirmLabel="Block recruiter"
        onConfirm={() => toBlock && run(toBlock, 'block')}
      />
    </div>
  );
}
