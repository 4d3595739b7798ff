import { type FormEvent, useCallback, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { HOME_BY_ROLE, SIGNED_OUT_EVERYWHERE_MESSAGE, sessionStore, type Role, useSessionState } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useLoginClient } from '../api/login-client';
import { useLoginRecruiter } from '../api/login-recruiter';
import { SIGNED_OUT_MESSAGE } from '../api/logout';
import { PASSWORD_CHANGED_MESSAGE } from '../api/password-reset';
import { AuthLayout } from './AuthLayout';
import { MfaCodeStep } from './MfaCodeStep';
import { RoleSwitch, roleFromSearch } from './RoleSwitch';

const OTHER_ROLE: Record<Role, Role> = { client: 'recruiter', recruiter: 'client' };
const AS_ROLE: Record<Role, string> = { client: 'a company', recruiter: 'a recruiter' };

/** Where to go after signing in: back where the guard stopped the user, if that is this role's area. */
function destination(role: Role, from: unknown): string {
  if (typeof from === 'string' && from.startsWith(`/${role}`)) return from;
  return HOME_BY_ROLE[role];
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const { session, notice } = useSessionState();
  const role = roleFromSearch(searchParams.get('as'));
  const loginClient = useLoginClient();
  const loginRecruiter = useLoginRecruiter();
  const login = role === 'client' ? loginClient : loginRecruiter;
  // Sign-up sends a taken address here, to sign in with it.
  const [email, setEmail] = useState(() => {
    const handed = (location.state as { email?: unknown } | null)?.email;
    return typeof handed === 'string' ? handed : '';
  });
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const [startOverNotice, setStartOverNotice] = useState<string | null>(null);
  const mfaToken = login.data && 'mfa_required' in login.data ? login.data.mfa_token : null;
  const startOver = useCallback(
    (why?: string) => {
      loginClient.reset();
      loginRecruiter.reset();
      setPassword('');
      setStartOverNotice(why ?? null);
    },
    [loginClient, loginRecruiter],
  );

  if (session) {
    const from = (location.state as { from?: unknown } | null)?.from;
    return <Navigate to={destination(session.role, from)} replace />;
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (login.isPending) return;
    const problems = {
      email: email.trim() ? undefined : 'Enter your e-mail address.',
      password: password ? undefined : 'Enter your password.',
    };
    setMissing(problems);
    if (problems.email) return emailRef.current?.focus();
    if (problems.password) return passwordRef.current?.focus();
    sessionStore.clearNotice();
    setStartOverNotice(null);
    login.mutate({ email: email.trim(), password });
  }

  function switchRole(next: Role) {
    loginClient.reset();
    loginRecruiter.reset();
    setSearchParams({ as: next }, { replace: true, state: location.state as unknown });
  }

  // The password was right for this address's account of the other role (only then does the server say so).
  const wrongRole = login.error instanceof ApiError && login.error.code === 'wrong_role';
  const otherRole = OTHER_ROLE[role];

  function signInAsOtherRole() {
    switchRole(otherRole);
    (otherRole === 'client' ? loginClient : loginRecruiter).mutate({ email: email.trim(), password });
    // The alert and its button go; focus waits on the submit button, which says "Signing in…".
    submitRef.current?.focus();
  }

  if (mfaToken) {
    return (
      <AuthLayout
        title="Two-step sign-in"
        subtitle="One more step: the code from your authenticator app."
        footer={<>Codes change every 30 seconds; each works once.</>}
      >
        <MfaCodeStep mfaToken={mfaToken} onStartOver={startOver} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back. Sign in to see your jobs and candidates."
      footer={
        <>
          New to Hirelink? <Link to={`/sign-up?as=${role}`}>Create an account</Link>
        </>
      }
    >
      {notice && (
        <Alert tone={[SIGNED_OUT_MESSAGE, PASSWORD_CHANGED_MESSAGE, SIGNED_OUT_EVERYWHERE_MESSAGE].includes(notice) ? 'success' : 'warning'}>
          {notice}
        </Alert>
      )}
      {startOverNotice && <Alert tone="warning">{startOverNotice}</Alert>}
      <form className="form" onSubmit={onSubmit} noValidate>
        <RoleSwitch legend="Sign in as" value={role} onChange={switchRole} />
        {login.isError && (
          <Alert tone="error">
            {errorMessage(login.error)}
            {wrongRole && (
              <div className="alert-follow-up">
                <Button size="sm" onClick={signInAsOtherRole}>
                  Sign in as {AS_ROLE[otherRole]} instead
                </Button>
              </div>
            )}
          </Alert>
        )}
        <TextField
          ref={emailRef}
          label="E-mail"
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={missing.email}
          required
        />
        <TextField
          ref={passwordRef}
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={missing.password}
          required
        />
        <p className="forgot-password">
          {/* What was typed travels in the router's state, never in the URL. */}
          <Link to={`/forgot-password?as=${role}`} state={{ email: email.trim() }}>
            Forgot password?
          </Link>
        </p>
        <Button ref={submitRef} type="submit" variant="primary" className="button-block" pending={login.isPending} pendingLabel="Signing in…">
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
