import type { Invitation } from '#contract';
import { useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { ConfirmDanger } from '../../../components/ui/ConfirmDanger';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { COMPANY_ROLE_LABELS, formatDate } from '../../../lib/format';
import { useInvitations, useRevokeInvitation } from '../api/invitations';
import { teamErrorMessage } from './team-errors';

function InvitationRow({ invitation, onRevoke }: { invitation: Invitation; onRevoke: (invitation: Invitation) => void }) {
  return (
    <tr data-invitation-id={invitation.invitation_id}>
      <th scope="row">{invitation.email}</th>
      <td data-label="Role">{COMPANY_ROLE_LABELS[invitation.role]}</td>
      <td data-label="Invited by">{invitation.invited_by?.name ?? '—'}</td>
      <td data-label="Sent" className="nowrap">
        {formatDate(invitation.created_at)}
      </td>
      <td data-label="Link" className="nowrap">
        {invitation.status === 'expired' ? <Badge tone="muted">Expired</Badge> : <>Works until {formatDate(invitation.expires_at)}</>}
      </td>
      <td className="cell-actions">
        <Button size="sm" variant="danger" onClick={() => onRevoke(invitation)}>
          Revoke<span className="visually-hidden"> the invitation for {invitation.email}</span>
        </Button>
      </td>
    </tr>
  );
}

/** Invitations sent and not yet accepted: an admin may take one back before it is used. */
export function InvitationsCard() {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const [toRevoke, setToRevoke] = useState<Invitation | null>(null);
  const [revokedEmail, setRevokedEmail] = useState<string | null>(null);

  return (
    <Card aria-labelledby="invitations-title">
      <CardHeader title="Pending invitations" titleId="invitations-title" />
      {revokedEmail && <Alert tone="success">The invitation for {revokedEmail} was revoked: its link no longer works.</Alert>}
      {invitations.isPending ? (
        <Loading label="Loading invitations…" />
      ) : invitations.isError && !invitations.data ? (
        <LoadError error={invitations.error} onRetry={() => void invitations.refetch()} what="your invitations" />
      ) : invitations.data.invitations.length === 0 ? (
        <EmptyState title="No pending invitations">Invitations you send appear here until they are accepted.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-stack">
            <caption className="visually-hidden">Pending invitations</caption>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Invited by</th>
                <th scope="col">Sent</th>
                <th scope="col">Link</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.invitations.map((invitation) => (
                <InvitationRow
                  key={invitation.invitation_id}
                  invitation={invitation}
                  onRevoke={(target) => {
                    setRevokedEmail(null);
                    setToRevoke(target);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDanger
        open={toRevoke !== null}
        onDismiss={() => setToRevoke(null)}
        title={`Revoke the invitation for ${toRevoke?.email ?? ''}?`}
        consequence="Its link stops working at once. You can invite the address again later."
        failure="Could not revoke"
        describeError={(error) => teamErrorMessage(error, toRevoke?.email ?? '')}
        attempt={revoke}
        keepLabel="Keep"
        confirmLabel="Revoke invitation"
        onConfirm={() => {
          if (!toRevoke || revoke.isPending) return;
          revoke.mutate(toRevoke.invitation_id, {
            onSuccess: () => {
              setRevokedEmail(toRevoke.email);
              setToRevoke(null);
            },
          });
        }}
      />
    </Card>
  );
}
