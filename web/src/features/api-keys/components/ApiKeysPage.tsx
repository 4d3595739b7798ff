import type { ApiKey, ApiKeyCreated } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { ConfirmDanger } from '../../../components/ui/ConfirmDanger';
import { CopyButton } from '../../../components/ui/CopyButton';
import { TextField } from '../../../components/ui/Field';
import { PageHeader } from '../../../components/ui/PageHeader';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { errorMessage } from '../../../lib/api-client';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useCreateApiKey } from '../api/create-api-key';
import { useApiKeys } from '../api/list-api-keys';
import { useRevokeApiKey } from '../api/revoke-api-key';

function NewKeyCallout({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  return (
    <div className="new-key" role="region" aria-labelledby="new-key-title">
      <p className="new-key-title" id="new-key-title">
        Your new key “{created.label}”
      </p>
      <p className="new-key-text">Copy it now: it is shown only this once. Send it as the X-API-Key header.</p>
      <div className="connection-id-row">
        <code className="secret" data-testid="new-api-key">
          {created.key}
        </code>
        <CopyButton text={created.key} accessibleLabel="Copy API key" />
      </div>
      <Button size="sm" variant="ghost" onClick={onDone}>
        I have stored it, hide the key
      </Button>
    </div>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (created: ApiKeyCreated) => void }) {
  const createKey = useCreateApiKey();
  const [label, setLabel] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (createKey.isPending) return;
    if (!label.trim()) {
      setProblem('Name the key, e.g. after the system that will use it.');
      inputRef.current?.focus();
      return;
    }
    createKey.mutate(
      { label: label.trim() },
      {
        onSuccess: (created) => {
          setLabel('');
          onCreated(created);
        },
      },
    );
  }

  return (
    <form className="form form-inline" onSubmit={onSubmit} noValidate aria-label="Create an API key">
      <TextField
        ref={inputRef}
        label="Key name"
        placeholder="e.g. ATS integration"
        value={label}
        onChange={(event) => {
          setLabel(event.target.value);
          setProblem(null);
        }}
        error={problem ?? (createKey.isError ? errorMessage(createKey.error) : undefined)}
        maxLength={100}
        required
      />
      <Button type="submit" variant="primary" pending={createKey.isPending} pendingLabel="Creating…">
        Create key
      </Button>
    </form>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: (apiKey: ApiKey) => void }) {
  const revoked = apiKey.revoked_at !== null;
  return (
    <tr data-key-id={apiKey.key_id}>
      <th scope="row">{apiKey.label}</th>
      <td data-label="Key">
        <code className="key-prefix">{apiKey.key_prefix}…</code>
      </td>
      <td data-label="Created" className="nowrap">
        {formatDate(apiKey.created_at)}
      </td>
      <td data-label="Last used" className="nowrap">
        {apiKey.last_used_at ? formatDateTime(apiKey.last_used_at) : 'Never'}
      </td>
      <td data-label="Status">
        {revoked ? <Badge tone="muted">Revoked {formatDate(apiKey.revoked_at!)}</Badge> : <Badge tone="success">Active</Badge>}
      </td>
      <td className="cell-actions">
        {!revoked && (
          <Button size="sm" variant="danger" onClick={() => onRevoke(apiKey)}>
            Revoke<span className="visually-hidden"> {apiKey.label}</span>
          </Button>
        )}
      </td>
    </tr>
  );
}

export default function ApiKeysPage() {
  useDocumentTitle('API keys');
  const keys = useApiKeys();
  const revokeKey = useRevokeApiKey();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiKey | null>(null);
  const [revokedLabel, setRevokedLabel] = useState<string | null>(null);

  return (
    <div className="page page-narrow-wide">
      <PageHeader
        eyebrow="Recruiter"
        title="API keys"
        description={
          <>
            Let your own systems post jobs and move candidates through the Hirelink API. Each key acts as you.{' '}
            {/* A new tab: leaving this page would lose a key that is shown only once. */}
            <a href="/docs" target="_blank" rel="noopener noreferrer">
              Read the API reference<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
            .
          </>
        }
      />
      <Card aria-labelledby="create-key-title">
        <CardHeader title="Create a key" titleId="create-key-title" />
        {created && <NewKeyCallout created={created} onDone={() => setCreated(null)} />}
        <CreateKeyForm
          onCreated={(key) => {
            setRevokedLabel(null);
            setCreated(key);
          }}
        />
      </Card>
      <Card aria-labelledby="keys-title">
        <CardHeader title="Your keys" titleId="keys-title" />
        {revokedLabel && <Alert tone="success">The key “{revokedLabel}” was revoked. It stops working at once.</Alert>}
        {keys.isPending ? (
          <Loading label="Loading keys…" />
        ) : keys.isError ? (
          <LoadError error={keys.error} onRetry={() => void keys.refetch()} what="your keys" />
        ) : keys.data.api_keys.length === 0 ? (
          <EmptyState title="No keys yet">Create one above when a system needs to talk to Hirelink for you.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table-stack">
              <caption className="visually-hidden">Your API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.api_keys.map((apiKey) => (
                  <KeyRow key={apiKey.key_id} apiKey={apiKey} onRevoke={setToRevoke} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <ConfirmDanger
        open={toRevoke !== null}
        onDismiss={() => setToRevoke(null)}
        title={`Revoke “${toRevoke?.label ?? ''}”?`}
        consequence="Anything using this key stops working at once. This cannot be undone."
        failure="Could not revoke the key"
        attempt={revokeKey}
        keepLabel="Keep key"
        confirmLabel="Revoke key"
        onConfirm={() => {
          if (!toRevoke || revokeKey.isPending) return;
          revokeKey.mutate(toRevoke.key_id, {
            onSuccess: () => {
              setRevokedLabel(toRevoke.label);
              if (created?.key_id === toRevoke.key_id) setCreated(null);
              setToRevoke(null);
            },
          });
        }}
      />
    </div>
  );
}
