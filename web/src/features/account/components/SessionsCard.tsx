import type { Session } from '#contract';
import { useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { AlertDialog } from '../../../components/ui/AlertDialog';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { LoadError, Loading } from '../../../components/ui/QueryState';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useEndSession, useSessions, useSignOutEverywhere } from '../api/sessions';

export function SessionsCard() {
  const sessions = useSessions();
  const endSession = useEndSession();
  const signOutEverywhere = useSignOutEverywhere();
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const [ended, setEnded] = useState<string | null>(null);

  function end(session: Session) {
    setEnded(null);
    endSession.mutate(session.session_id, { onSuccess: () => setEnded(session.device) });
  }

  return (
    <Card aria-labelledby="sessions-title">
      <CardHeader
        title="Where you are signed in"
        titleId="sessions-title"
        description="Sign out a device you no longer use or do not recognise: it is signed out at once."
        actions={
          <Button size="sm" variant="danger" onClick={() => setConfirmEverywhere(true)}>
            Sign out everywhere
          </Button>
        }
      />
      {ended && <Alert tone="success">Signed out “{ended}”.</Alert>}
      {endSession.isError && <Alert tone="error">{errorMessage(endSession.error)}</Alert>}
      {sessions.isPending ? (
        <Loading label="Loading sessions…" />
      ) : sessions.isError ? (
        <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} what="your sessions" />
      ) : (
        <div className="table-wrap">
          <table className="table table-stack">
            <caption className="visually-hidden">Your sessions</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.sessions.map((session) => (
                <tr key={session.session_id} data-session-id={session.session_id}>
                  <th scope="row">
                    {session.device} {session.current && <Badge tone="success">This device</Badge>}
                  </th>
                  <td data-label="Address">{session.ip}</td>
                  <td data-label="Signed in" className="nowrap">
                    {formatDateTime(session.created_at)}
                  </td>
                  <td data-label="Last active" className="nowrap">
                    {formatDateTime(session.last_seen_at)}
                  </td>
                  <td className="cell-actions">
                    {!session.current && (
                      <Button size="sm" onClick={() => end(session)} pending={endSession.isPending && endSession.variables === session.session_id}>
                        Sign out<span className="visually-hidden"> {session.device}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AlertDialog
        open={confirmEverywhere}
        onOpenChange={(open) => {
          if (!open) {
            setConfirmEverywhere(false);
            signOutEverywhere.reset();
          }
        }}
        tone="danger"
        title="Sign out everywhere?"
        description={
          signOutEverywhere.isError
            ? `Could not sign out: ${errorMessage(signOutEverywhere.error)}`
            : 'Every session of your account ends at once, this one included. You will sign in again here.'
        }
        cancelLabel="Cancel"
        actionLabel="Sign out everywhere"
        actionVariant="danger"
        actionPending={signOutEverywhere.isPending}
        onAction={() => signOutEverywhere.mutate()}
      />
    </Card>
  );
}
