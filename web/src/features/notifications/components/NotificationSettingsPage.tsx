import {
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  type NotificationDelivery,
  type NotificationKind,
  type NotificationPreferences,
  isValidTimeZone,
} from '#contract';
import { type FormEvent, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { SelectField } from '../../../components/ui/Field';
import { PageHeader } from '../../../components/ui/PageHeader';
import { LoadError, Loading } from '../../../components/ui/QueryState';
import { errorMessage } from '../../../lib/api-client';
import { useRequiredSession } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useNotificationPreferences, useSaveNotificationPreferences } from '../api/notifications';

const DELIVERY_LABELS: Record<NotificationDelivery, string> = {
  instant: 'Mail me at once',
  daily_digest: 'In the daily digest',
  off: 'No mail (app only)',
};

/** What each role can receive today; the other kinds are the other side's. */
const KINDS_BY_ROLE = {
  client: ['candidate_shared', 'interview', 'offer_decided', 'hire', 'feedback_overdue'],
  recruiter: ['client_feedback', 'link_approval', 'feedback_overdue'],
} as const satisfies Record<string, readonly NotificationKind[]>;

function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])].filter(isValidTimeZone).sort();
}

function PreferencesForm({ role, saved }: { role: 'client' | 'recruiter'; saved: NotificationPreferences }) {
  const save = useSaveNotificationPreferences(role);
  const [draft, setDraft] = useState(saved);
  const [done, setDone] = useState(false);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const kinds = KINDS_BY_ROLE[role].filter((kind) => NOTIFICATION_KINDS.includes(kind));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    save.mutate(draft, { onSuccess: () => setDone(true) });
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Notification settings">
      {kinds.map((kind) => (
        <SelectField
          key={kind}
          label={NOTIFICATION_KIND_LABELS[kind]}
          value={draft.kinds[kind]}
          onChange={(event) => {
            setDone(false);
            setDraft({ ...draft, kinds: { ...draft.kinds, [kind]: event.target.value as NotificationDelivery } });
          }}
        >
          {(Object.keys(DELIVERY_LABELS) as NotificationDelivery[]).map((delivery) => (
            <option key={delivery} value={delivery}>
              {DELIVERY_LABELS[delivery]}
            </option>
          ))}
        </SelectField>
      ))}
      <SelectField
        label="Time zone"
        hint={`The daily digest arrives in the morning of this time zone.${browserZone && browserZone !== draft.time_zone ? ` Your browser says ${browserZone}.` : ''}`}
        value={draft.time_zone}
        onChange={(event) => {
          setDone(false);
          setDraft({ ...draft, time_zone: event.target.value });
        }}
      >
        {timeZones(draft.time_zone).map((zone) => (
          <option key={zone} value={zone}>
            {zone.replace(/_/g, ' ')}
          </option>
        ))}
      </SelectField>
      {save.isError && <Alert tone="error">{errorMessage(save.error)}</Alert>}
      {done && <Alert tone="success">Saved.</Alert>}
      <div>
        <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
          Save
        </Button>
      </div>
    </form>
  );
}

export default function NotificationSettingsPage() {
  useDocumentTitle('Notification settings');
  const { role } = useRequiredSession();
  const preferences = useNotificationPreferences(role);
  return (
    <div className="page page-narrow-wide">
      <PageHeader
        eyebrow="Settings"
        title="Notifications"
        description="Everything shows under the bell in the app. Choose what also reaches you by mail. Every mail has a one-click unsubscribe link."
      />
      <Card aria-labelledby="notification-mail-title">
        <CardHeader title="By mail" titleId="notification-mail-title" />
        {preferences.isPending ? (
          <Loading label="Loading your settings…" />
        ) : preferences.isError ? (
          <LoadError error={preferences.error} onRetry={() => void preferences.refetch()} what="your settings" />
        ) : (
          <PreferencesForm role={role} saved={preferences.data} />
        )}
      </Card>
    </div>
  );
}
