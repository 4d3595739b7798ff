import type { TotpEnrolment } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { CopyButton } from '../../../components/ui/CopyButton';
import { TextField } from '../../../components/ui/Field';
import { LoadError, Loading } from '../../../components/ui/QueryState';
import { errorMessage } from '../../../lib/api-client';
import { HOME_BY_ROLE, useSession } from '../../../lib/session';
import { useConfirmTotp, useDisableTotp, useMfaStatus, useStartTotp } from '../api/two-step';

/** The key inside the otpauth:// URI, for typing into an app that cannot scan. */
function secretOf(otpauthUrl: string): string {
  const secret = new URL(otpauthUrl).searchParams.get('secret') ?? '';
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** A code field and its button: confirming a new app, or turning two-step sign-in off. */
function CodeForm({
  label,
  hint,
  submitLabel,
  pendingLabel,
  variant,
  onCode,
  pending,
  error,
  children,
}: {
  label: string;
  hint: string;
  submitLabel: string;
  pendingLabel: string;
  variant: 'primary' | 'danger';
  onCode: (code: string, done: () => void) => void;
  pending: boolean;
  error: unknown;
  children?: React.ReactNode;
}) {
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const ref = useRef<HTMLInputElement>(null);
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (!code.trim()) {
      setMissing('Enter the code from your authenticator app.');
      return ref.current?.focus();
    }
    setMissing(undefined);
    onCode(code.trim(), () => setCode(''));
  }
  return (
    <form className="form form-inline" onSubmit={onSubmit} noValidate aria-label={submitLabel}>
      <TextField
        ref={ref}
        label={label}
        hint={hint}
        autoComplete="one-time-code"
        spellCheck={false}
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={missing ?? (error ? errorMessage(error) : undefined)}
        maxLength={32}
        required
      />
      <Button type="submit" variant={variant} pending={pending} pendingLabel={pendingLabel}>
        {submitLabel}
      </Button>
      {children}
    </form>
  );
}

function Enrolment({ enrolment, onCancel, setupRequired }: { enrolment: TotpEnrolment; onCancel: () => void; setupRequired: boolean }) {
  const confirm = useConfirmTotp();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  // Whether this set-up was what the company required before letting the user in.
  const [unlocked, setUnlocked] = useState(false);
  const role = useSession()?.role ?? 'client';
  if (recoveryCodes) {
    return (
      <div className="new-key" role="region" aria-labelledby="recovery-title">
        {unlocked && (
          <Alert tone="success">
            You can now use Hirelink. <Link to={HOME_BY_ROLE[role]}>Continue to your dashboard</Link> once your recovery codes are stored.
          </Alert>
        )}
        <p className="new-key-title" id="recovery-title">
          Two-step sign-in is on. Store your recovery codes
        </p>
        <p className="new-key-text">
          Each one signs you in once without your phone. They are shown only now: print them or keep them in a password manager.
        </p>
        <ul className="recovery-codes" data-testid="recovery-codes">
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <div className="form-inline">
          <CopyButton text={recoveryCodes.join('\n')} accessibleLabel="Copy recovery codes" />
          <Button size="sm" variant="ghost" onClick={onCancel}>
            I have stored them, hide the codes
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="totp-enrolment">
      <ol className="steps">
        <li>
          Scan this QR code with an authenticator app (Google Authenticator, 1Password, Authy…).
          <img
            className="totp-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_svg)}`}
            alt="QR code for your authenticator app"
            width={200}
            height={200}
          />
          <p className="field-hint">
            Cannot scan it? Enter this key instead: <code data-testid="totp-secret">{secretOf(enrolment.otpauth_url)}</code>
          </p>
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <CodeForm
        label="Code from the app"
        hint="6 digits; a new one every 30 seconds."
        submitLabel="Turn on"
        pendingLabel="Turning on…"
        variant="primary"
        pending={confirm.isPending}
        error={confirm.error}
        onCode={(code, done) =>
          confirm.mutate(
            { code },
            {
              onSuccess: (enabled) => {
                setUnlocked(setupRequired);
                setRecoveryCodes(enabled.recovery_codes);
              },
              onError: done,
            },
          )
        }
      >
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </CodeForm>
    </div>
  );
}

/** `setupRequired`: the company requires it and this session may do nothing else until it is on. */
export function TwoStepCard({ setupRequired = false }: { setupRequired?: boolean }) {
  const status = useMfaStatus(!setupRequired);
  const start = useStartTotp();
  const disable = useDisableTotp();
  const [turnedOff, setTurnedOff] = useState(false);
  const enabled = setupRequired ? false : status.data?.totp_enabled;

  return (
    <Card aria-labelledby="two-step-title">
      <CardHeader
        title="Two-step sign-in"
        titleId="two-step-title"
        description="After your password, sign-in asks for a code from an app on your phone, so a stolen password is not enough."
        actions={enabled !== undefined && (enabled ? <Badge tone="success">On</Badge> : <Badge tone="muted">Off</Badge>)}
      />
      {status.isPending && !setupRequired ? (
        <Loading label="Loading…" />
      ) : status.isError && status.data === undefined ? (
        <LoadError error={status.error} onRetry={() => void status.refetch()} what="two-step sign-in" />
      ) : start.data ? (
        <Enrolment
          enrolment={start.data}
          setupRequired={setupRequired}
          onCancel={() => {
            start.reset();
            setTurnedOff(false);
          }}
        />
      ) : enabled ? (
        <CodeForm
          label="Code to turn it off"
          hint="A code from your app, or a recovery code."
          submitLabel="Turn off"
          pendingLabel="Turning off…"
          variant="danger"
          pending={disable.isPending}
          error={disable.error}
          onCode={(code, done) => disable.mutate({ code }, { onSuccess: () => setTurnedOff(true), onSettled: done })}
        />
      ) : (
        <>
          {turnedOff && <Alert tone="success">Two-step sign-in is off. Your recovery codes no longer work.</Alert>}
          {start.isError && <Alert tone="error">{errorMessage(start.error)}</Alert>}
          <Button variant="primary" onClick={() => start.mutate()} pending={start.isPending} pendingLabel="Starting…">
            Set up two-step sign-in
          </Button>
        </>
      )}
    </Card>
  );
}
