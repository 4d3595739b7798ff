import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useMfaSignIn } from '../api/mfa-sign-in';

/**
 * Sign-in, step two: the password was right and the account has two-step sign-in on. The token
 * from step one stays in memory only, and is good for 5 minutes; past that, the user starts over.
 */
export function MfaCodeStep({ mfaToken, onStartOver }: { mfaToken: string; onStartOver: (notice?: string) => void }) {
  const signIn = useMfaSignIn();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => codeRef.current?.focus(), []);

  useEffect(() => {
    if (signIn.error instanceof ApiError && signIn.error.code === 'invalid_mfa_token') onStartOver(signIn.error.message);
  }, [signIn.error, onStartOver]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (signIn.isPending) return;
    if (!code.trim()) {
      setMissing('Enter the code from your authenticator app.');
      return codeRef.current?.focus();
    }
    setMissing(undefined);
    signIn.mutate(
      { mfa_token: mfaToken, code: code.trim() },
      {
        onError: () => {
          setCode('');
          codeRef.current?.focus();
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Two-step sign-in">
      <p>Open your authenticator app and enter the 6-digit code it shows for Hirelink. Lost your phone? Enter one of your recovery codes.</p>
      {signIn.isError && <Alert tone="error">{errorMessage(signIn.error)}</Alert>}
      <TextField
        ref={codeRef}
        label="Code"
        name="code"
        autoComplete="one-time-code"
        spellCheck={false}
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={missing}
        maxLength={32}
        required
      />
      <Button type="submit" variant="primary" className="button-block" pending={signIn.isPending} pendingLabel="Checking…">
        Verify and sign in
      </Button>
      <Button variant="ghost" className="button-block" onClick={() => onStartOver()}>
        Start over
      </Button>
    </form>
  );
}
