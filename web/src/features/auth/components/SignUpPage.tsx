import { EMAIL_RULE, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, isAcceptableEmail } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { HOME_BY_ROLE, type Role, useSession } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useRegisterClient } from '../api/register-client';
import { useRegisterRecruiter } from '../api/register-recruiter';
import { AuthLayout } from './AuthLayout';
import { PasswordStrength, assessPassword, usePasswordPolicy } from './PasswordStrength';
import { RoleSwitch, roleFromSearch } from './RoleSwitch';

type FieldName = 'name' | 'email' | 'password';
type Problems = Partial<Record<FieldName, string>>;

function validate(role: Role, values: Record<FieldName, string>, passwordProblem: string | null): Problems {
  const problems: Problems = {};
  if (!values.name.trim()) problems.name = role === 'client' ? 'Enter your company name.' : 'Enter your name.';
  if (!values.email.trim()) problems.email = 'Enter your e-mail address.';
  else if (!isAcceptableEmail(values.email)) problems.email = `Enter ${EMAIL_RULE}.`;
  if (passwordProblem) problems.password = passwordProblem;
  return problems;
}

export function SignUpPage() {
  useDocumentTitle('Create an account');
  const [searchParams, setSearchParams] = useSearchParams();
  const session = useSession();
  const role = roleFromSearch(searchParams.get('as'));
  const registerClient = useRegisterClient();
  const registerRecruiter = useRegisterRecruiter();
  const register = role === 'client' ? registerClient : registerRecruiter;
  const [values, setValues] = useState<Record<FieldName, string>>({ name: '', email: '', password: '' });
  const [problems, setProblems] = useState<Problems>({});
  const passwordPolicy = usePasswordPolicy();
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  if (session) return <Navigate to={HOME_BY_ROLE[session.role]} replace />;

  const serverError = register.error;
  // "E-mail taken" and "weak password" belong next to their fields; anything else goes above the form.
  const emailTaken = serverError instanceof ApiError && serverError.code === 'email_taken';
  const weakPassword = serverError instanceof ApiError && serverError.code === 'weak_password';
  // The same rule the server applies (contract/src/password-policy.ts), shown as the user types.
  const assessment = assessPassword(passwordPolicy, values.password, [values.email, values.name]);

  function set(name: FieldName, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
    if (problems[name]) setProblems((current) => ({ ...current, [name]: undefined }));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (register.isPending) return;
    const found = validate(role, values, assessment?.problem ?? null);
    setProblems(found);
    const first = (['name', 'email', 'password'] as const).find((name) => found[name]);
    if (first) return { name: nameRef, email: emailRef, password: passwordRef }[first].current?.focus();
    const email = values.email.trim();
    if (role === 'client') registerClient.mutate({ company_name: values.name.trim(), email, password: values.password });
    else registerRecruiter.mutate({ name: values.name.trim(), email, password: values.password });
  }

  function switchRole(next: Role) {
    registerClient.reset();
    registerRecruiter.reset();
    setProblems({});
    setSearchParams({ as: next }, { replace: true });
  }

  return (
    <AuthLayout
      title="Create your account"
      subtitle={role === 'client' ? 'Watch every job your recruiters run for you, live.' : 'Post jobs for your clients and run their pipelines.'}
      footer={
        <>
          Already have an account? <Link to={`/sign-in?as=${role}`}>Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <RoleSwitch legend="I am a" value={role} onChange={switchRole} />
        {serverError && !emailTaken && !weakPassword && <Alert tone="error">{errorMessage(serverError)}</Alert>}
        <TextField
          ref={nameRef}
          label={role === 'client' ? 'Company name' : 'Your name'}
          name={role === 'client' ? 'company_name' : 'name'}
          autoComplete={role === 'client' ? 'organization' : 'name'}
          value={values.name}
          onChange={(event) => set('name', event.target.value)}
          error={problems.name}
          maxLength={200}
          required
        />
        <TextField
          ref={emailRef}
          label={role === 'client' ? 'Work e-mail' : 'E-mail'}
          type="email"
          name="email"
          autoComplete="email"
          value={values.email}
          onChange={(event) => {
            set('email', event.target.value);
            if (emailTaken) register.reset();
          }}
          error={
            problems.email ??
            (emailTaken ? (
              <>
                {serverError.message} {/* The address travels in the router's state, not in the URL (and so not in history or logs). */}
                <Link to={`/sign-in?as=${role}`} state={{ email: values.email.trim() }}>
                  Sign in instead
                </Link>
              </>
            ) : undefined)
          }
          maxLength={254}
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
            if (weakPassword) register.reset();
          }}
          error={problems.password ?? (weakPassword ? serverError.message : undefined)}
          status={values.password && assessment && <PasswordStrength assessment={assessment} />}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password.`}
          maxLength={PASSWORD_MAX_LENGTH}
          required
        />
        <Button type="submit" variant="primary" className="button-block" pending={register.isPending} pendingLabel="Creating account…">
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
