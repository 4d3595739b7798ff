import { isLoginEmail } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/Field';
import type { Role } from '../../../lib/session';
import { errorMessage } from '../../../lib/api-client';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useRequestPasswordReset } from '../api/password-reset';
import { AuthLayout } from './AuthLayout';
import { RoleSwitch, roleFromSearch } from './RoleSwitch';

/** "Forgot password?": asks for a reset link by mail. The answer is the same whether or not the account exists. */
export default function ForgotPasswordPage() {
  useDocumentTitle('Reset your password');
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const role = roleFromSearch(searchParams.get('as'));
  const request = useRequestPasswordReset();
  // The sign-in page hands over what was typed there, in the router's state (never in the URL).
  const [email, setEmail] = useState(() => {
    const handed = (location.state as { email?: unknown } | null)?.email;
    return typeof handed === 'string' ? handed : '';
  });
  const [problem, setProblem] = useState<string | undefined>();
  const emailRef = useRef<HTMLInputElement>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (request.isPending) return;
    const trimmed = email.trim();
    const found = !trimmed ? 'Enter your e-mail address.' : isLoginEmail(trimmed) ? undefined : 'Enter an e-mail address such as name@example.com.';
    setProblem(found);
    if (found) return emailRef.current?.focus();
    request.mutate({ email: trimmed, role });
  }

  function switchRole(next: Role) {
    request.reset();
    setSearchParams({ as: next }, { replace: true, state: location.state as unknown });
  }

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We will mail you a link to choose a new password."
      footer={
        <>
          Remembered it? <Link to={`/sign-in?as=${role}`}>Sign in</Link>
        </>
      }
    >
      {request.isSuccess ? (
        <Alert tone="success" title="Check your mail">
          {request.data.message} If nothing arrives within a few minutes, look in your spam folder or try again.
        </Alert>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <RoleSwitch legend="My account is a" value={role} onChange={switchRole} />
          {request.isError && <Alert tone="error">{errorMessage(request.error)}</Alert>}
          <TextField
            ref={emailRef}
            label="E-mail"
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={problem}
            maxLength={254}
            required
          />
          <Button type="submit" variant="primary" className="button-block" pending={request.isPending} pendingLabel="Sending…">
            Send the link
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
