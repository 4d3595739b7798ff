import { INVITATION_TTL_DAYS, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type InvitationPreview } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/Field';
import { LoadError, Loading } from '../../../components/ui/QueryState';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { HOME_BY_ROLE } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useAcceptInvitation, useInvitationPreview } from '../api/accept-invitation';
import { AuthLayout } from './AuthLayout';
import { useLinkToken } from './link-token';
import { PasswordStrength, assessPassword, usePasswordPolicy } from './PasswordStrength';

const AS_ROLE = { admin: 'an admin', member: 'a member' } as const;

const isInvalidInvitation = (error: unknown) => error instanceof ApiError && error.code === 'invalid_invitation';

function BadLink({ reason }: { reason?: string }) {
  return (
    <AuthLayout
      title="This invitation does not work"
      subtitle="An invitation link works once, for a limited time."
      footer={
        <>
          Already on Hirelink? <Link to="/sign-in?as=client">Sign in</Link>
        </>
      }
    >
      <Alert tone="error">
        {reason ?? 'Open the link from your invitation mail as it is (it must end with its token).'} An invitation works once, for{' '}
        {INVITATION_TTL_DAYS} days, and an admin may revoke it: ask whoever invited you to send a new one.
      </Alert>
    </AuthLayout>
  );
}

type FieldName = 'name' | 'password';

function AcceptForm({ token, preview, onAccepted }: { token: string; preview: InvitationPreview; onAccepted: () => void }) {
  const accept = useAcceptInvitation();
  const [values, setValues] = useState<Record<FieldName, string>>({ name: '', password: '' });
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const passwordPolicy = usePasswordPolicy();
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const serverError = accept.error;
  const weakPassword = serverError instanceof ApiError && serverError.code === 'weak_password';
  // The same rule the server applies (contract/src/password-policy.ts), shown as the user types.
  const assessment = assessPassword(passwordPolicy, values.password, [preview.email, values.name]);

  if (isInvalidInvitation(serverError)) return <BadLink reason={errorMessage(serverError)} />;

  function set(name: FieldName, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
    if (problems[name]) setProblems((current) => ({ ...current, [name]: undefined }));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (accept.isPending) return;
    const found = { name: values.name.trim() ? undefined : 'Enter your name.', password: assessment?.problem ?? undefined };
    setProblems(found);
    if (found.name) return nameRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    accept.mutate({ token, name: values.name.trim(), password: values.password }, { onSuccess: onAccepted });
  }

  return (
    <AuthLayout
      title={`Join ${preview.company_name} as ${AS_ROLE[preview.role]}`}
      subtitle={`You were invited as ${preview.email}. Choose the name your colleagues will see and a password.`}
      footer={
        <>
          Already on Hirelink? <Link to="/sign-in?as=client">Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {serverError && !weakPassword && <Alert tone="error">{errorMessage(serverError)}</Alert>}
        {/* For password managers: the account the new password belongs to. */}
        <TextField label="E-mail" type="email" name="email" autoComplete="username" value={preview.email} readOnly />
        <TextField
          ref={nameRef}
          label="Your name"
          name="name"
          autoComplete="name"
          value={values.name}
          onChange={(event) => set('name', event.target.value)}
          error={problems.name}
          maxLength={200}
          required
        />
        <TextField
          ref={passwordRef}
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(event) => {
            set('password', event.target.value);
            if (weakPassword) accept.reset();
          }}
          error={problems.password ?? (weakPassword ? serverError.message : undefined)}
          status={values.password && assessment && <PasswordStrength assessment={assessment} />}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password.`}
          maxLength={PASSWORD_MAX_LENGTH}
          required
        />
        <Button type="submit" variant="primary" className="button-block" pending={accept.isPending} pendingLabel="Joining…">
          Accept invitation
        </Button>
      </form>
    </AuthLayout>
  );
}

/** Where an invitation mail's link lands: see which company it is for, choose a name and a password, and go in. */
export default function AcceptInvitationPage() {
  useDocumentTitle('Join your team');
  const token = useLinkToken();
  // Once in, the new user's dashboard; the preview is not asked again (its token is used up).
  const [accepted, setAccepted] = useState(false);
  const preview = useInvitationPreview(token, !accepted);

  if (accepted) return <Navigate to={HOME_BY_ROLE.client} replace />;
  if (!token || isInvalidInvitation(preview.error)) return <BadLink reason={preview.error ? errorMessage(preview.error) : undefined} />;
  if (preview.isPending) {
    return (
      <AuthLayout title="Join your team" subtitle="Opening your invitation…" footer={null}>
        <Loading label="Checking the invitation…" />
      </AuthLayout>
    );
  }
  if (preview.isError) {
    return (
      <AuthLayout title="Join your team" subtitle="Your invitation could not be opened." footer={null}>
        <LoadError error={preview.error} onRetry={() => void preview.refetch()} what="your invitation" />
      </AuthLayout>
    );
  }
  return <AcceptForm token={token} preview={preview.data} onAccepted={() => setAccepted(true)} />;
}
