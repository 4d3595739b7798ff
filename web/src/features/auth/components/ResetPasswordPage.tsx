import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useConfirmPasswordReset } from '../api/password-reset';
import { AuthLayout } from './AuthLayout';
import { useLinkToken } from './link-token';
import { PasswordStrength, assessPassword, usePasswordPolicy } from './PasswordStrength';

/** Where the reset mail's link lands: choose a new password, then sign in with it. */
export default function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const navigate = useNavigate();
  const token = useLinkToken();
  const confirm = useConfirmPasswordReset();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const passwordPolicy = usePasswordPolicy();
  const passwordRef = useRef<HTMLInputElement>(null);

  const serverError = confirm.error;
  const weakPassword = serverError instanceof ApiError && serverError.code === 'weak_password';
  const badLink = !token || (serverError instanceof ApiError && serverError.code === 'invalid_reset_token');
  const assessment = assessPassword(passwordPolicy, password, []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (confirm.isPending || !token) return;
    const found = assessment?.problem ?? undefined;
    setProblem(found);
    if (found) return passwordRef.current?.focus();
    confirm.mutate({ token, password }, { onSuccess: () => void navigate('/sign-in', { replace: true }) });
  }

  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="It signs your account out everywhere; then sign in with the new password."
      footer={
        <>
          <Link to="/sign-in">Back to sign in</Link>
        </>
      }
    >
      {badLink ? (
        <Alert tone="error" title="This link does not work">
          {serverError instanceof ApiError
            ? serverError.message
            : 'Open the link from your reset mail as it is (it must end with its token), or ask for a new one.'}{' '}
          <Link to="/forgot-password">Ask for a new link</Link>
        </Alert>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          {serverError && !weakPassword && <Alert tone="error">{errorMessage(serverError)}</Alert>}
          <TextField
            ref={passwordRef}
            label="New password"
            type="password"
            name="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
              if (problem) setProblem(undefined);
              if (weakPassword) confirm.reset();
            }}
            error={problem ?? (weakPassword ? serverError.message : undefined)}
            status={password && assessment && <PasswordStrength assessment={assessment} />}
            hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password.`}
            maxLength={PASSWORD_MAX_LENGTH}
            required
          />
          <Button type="submit" variant="primary" className="button-block" pending={confirm.isPending} pendingLabel="Saving…">
            Set the new password
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
