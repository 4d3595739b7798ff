import { type FormEvent, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useChangePassword } from '../api/change-password';

export function ChangePasswordCard() {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [missing, setMissing] = useState<{ current?: string; next?: string }>({});
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);
  const error = change.error instanceof ApiError ? change.error : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (change.isPending) return;
    const problems = {
      current: current ? undefined : 'Enter your current password.',
      next: next ? undefined : 'Choose a new password.',
    };
    setMissing(problems);
    if (problems.current) return currentRef.current?.focus();
    if (problems.next) return nextRef.current?.focus();
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
        },
      },
    );
  }

  return (
    <Card aria-labelledby="password-title">
      <CardHeader title="Password" titleId="password-title" description="Changing it signs out every other session of your account." />
      {change.isSuccess && <Alert tone="success">Password changed. Every other session was signed out.</Alert>}
      {change.isError && !['wrong_current_password', 'weak_password'].includes(error?.code ?? '') && (
        <Alert tone="error">{errorMessage(change.error)}</Alert>
      )}
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Change password">
        <TextField
          ref={currentRef}
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          error={missing.current ?? (error?.code === 'wrong_current_password' ? error.message : undefined)}
          required
        />
        <TextField
          ref={nextRef}
          label="New password"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
          error={missing.next ?? (error?.code === 'weak_password' ? error.message : undefined)}
          hint="At least 8 characters; a few unusual words make a strong one."
          required
        />
        <Button type="submit" variant="primary" pending={change.isPending} pendingLabel="Changing…">
          Change password
        </Button>
      </form>
    </Card>
  );
}
