import type { CompanyRole, CompanyUser } from '#contract';
import { useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { ConfirmDanger } from '../../../components/ui/ConfirmDanger';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { LoadError, Loading } from '../../../components/ui/QueryState';
import { COMPANY_ROLE_LABELS, formatDate, keysOf } from '../../../lib/format';
import { useChangeUserRole, useCompanyUsers, useRemoveUser } from '../api/users';
import { teamErrorMessage } from './team-errors';

const COMPANY_ROLES = keysOf(COMPANY_ROLE_LABELS);

/** Saved as soon as it changes; a refusal (the last admin) is said right beside it. */
function RoleSelect({ user }: { user: CompanyUser }) {
  const change = useChangeUserRole();
  const value = change.isPending ? change.variables.role : user.role;
  return (
    <>
      <select
        className="input select"
        aria-label={`Role of ${user.name}`}
        value={value}
        disabled={change.isPending}
        onChange={(event) => change.mutate({ userId: user.user_id, role: event.target.value as CompanyRole })}
      >
        {COMPANY_ROLES.map((role) => (
          <option key={role} value={role}>
            {COMPANY_ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {change.isError && (
        <p className="inline-error" role="alert">
          Could not change the role: {teamErrorMessage(change.error, user.name)}
        </p>
      )}
    </>
  );
}

function UserRow({
  user,
  isSelf,
  onRemove,
}: {
  user: CompanyUser;
  isSelf: boolean;
  /** Absent for members, who see the team read-only. */
  onRemove: ((user: CompanyUser) => void) | undefined;
}) {
  return (
    <tr data-user-id={user.user_id}>
      <th scope="row">
        {user.name}
        {isSelf && ' (you)'}
      </th>
      <td data-label="E-mail">{user.email}</td>
      <td data-label="Role">{onRemove ? <RoleSelect user={user} /> : COMPANY_ROLE_LABELS[user.role]}</td>
      <td data-label="Joined" className="nowrap">
        {formatDate(user.joined_at)}
      </td>
      <td data-label="Two-step sign-in">{user.two_factor_enabled ? <Badge tone="success">On</Badge> : <Badge tone="muted">Off</Badge>}</td>
      {onRemove && (
        <td className="cell-actions">
          <Button size="sm" variant="danger" onClick={() => onRemove(user)}>
            Remove<span className="visually-hidden"> {user.name}</span>
          </Button>
        </td>
      )}
    </tr>
  );
}

/** Everyone who can sign in for the company; admins change roles and remove people here. */
export function UsersCard({ isAdmin, selfId }: { isAdmin: boolean | undefined; selfId: string | undefined }) {
  const users = useCompanyUsers();
  const remove = useRemoveUser();
  const [toRemove, setToRemove] = useState<CompanyUser | null>(null);
  const [removedName, setRemovedName] = useState<string | null>(null);
  const removingSelf = toRemove?.user_id === selfId;

  return (
    <Card aria-labelledby="users-title">
      <CardHeader title="People" titleId="users-title" />
      {isAdmin === false && <p className="field-hint">Only admins can invite colleagues, change roles or remove people.</p>}
      {removedName && <Alert tone="success">{removedName} was removed from the team and signed out.</Alert>}
      {users.isPending ? (
        <Loading label="Loading your team…" />
      ) : users.isError && !users.data ? (
        <LoadError error={users.error} onRetry={() => void users.refetch()} what="your team" />
      ) : (
        <div className="table-wrap">
          <table className="table table-stack">
            <caption className="visually-hidden">People in your company</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">Two-step sign-in</th>
                {isAdmin && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <UserRow
                  key={user.user_id}
                  user={user}
                  isSelf={user.user_id === selfId}
                  onRemove={
                    isAdmin
                      ? (target) => {
                          setRemovedName(null);
                          setToRemove(target);
                        }
                      : undefined
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDanger
        open={toRemove !== null}
        onDismiss={() => setToRemove(null)}
        title={removingSelf ? 'Remove yourself from the team?' : `Remove ${toRemove?.name ?? ''}?`}
        consequence={`${removingSelf ? 'You are' : `${toRemove?.name ?? ''} is`} signed out everywhere at once and can no longer sign in. What they did stays in the activity log.`}
        failure="Could not remove"
        describeError={(error) => teamErrorMessage(error, toRemove?.name ?? '')}
        attempt={remove}
        keepLabel="Keep"
        confirmLabel="Remove user"
        onConfirm={() => {
          if (!toRemove || remove.isPending) return;
          remove.mutate(toRemove.user_id, {
            onSuccess: () => {
              setRemovedName(toRemove.name);
              setToRemove(null);
            },
          });
        }}
      />
    </Card>
  );
}
