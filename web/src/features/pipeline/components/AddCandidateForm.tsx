import type { JobStatus } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextAreaField, TextField } from '../../../components/ui/Field';
import { PlusIcon } from '../../../components/ui/icons';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useAddApplication } from '../api/add-application';
import { type CandidateDetailProblems, candidateDetailProblems } from '../candidate-details';

export function AddCandidateForm({ jobId, jobStatus }: { jobId: string; jobStatus: JobStatus }) {
  const addApplication = useAddApplication();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<CandidateDetailProblems>({});
  const [added, setAdded] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  const error = addApplication.error;
  const duplicate = error instanceof ApiError && error.code === 'duplicate_application';
  const closed = jobStatus === 'closed' || jobStatus === 'filled';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (addApplication.isPending) return;
    setAdded(null);
    const found = candidateDetailProblems(name, email);
    setProblems(found);
    if (found.name) return nameRef.current?.focus();
    if (found.email) return emailRef.current?.focus();
    addApplication.mutate(
      {
        jobId,
        body: { candidate_name: name.trim(), candidate_email: email.trim(), ...(notes.trim() && { notes: notes.trim() }) },
      },
      {
        onSuccess: (application) => {
          setAdded(application.candidate_name);
          setName('');
          setEmail('');
          setNotes('');
          nameRef.current?.focus();
        },
      },
    );
  }

  if (closed) {
    return <Alert tone="info">This job is {jobStatus} and takes no new candidates. Reopen it to add more.</Alert>;
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Add a candidate">
      {error && !duplicate && <Alert tone="error">{errorMessage(error)}</Alert>}
      {added && <Alert tone="success">{added} was added as Applied.</Alert>}
      <div className="form-row">
        <TextField
          ref={nameRef}
          label="Candidate name"
          name="candidate_name"
          autoComplete="off"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setProblems((current) => ({ ...current, name: undefined }));
          }}
          error={problems.name}
          maxLength={200}
          required
        />
        <TextField
          ref={emailRef}
          label="Candidate e-mail"
          name="candidate_email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            setProblems((current) => ({ ...current, email: undefined }));
            if (duplicate) addApplication.reset();
          }}
          error={problems.email ?? (duplicate ? error.message : undefined)}
          maxLength={254}
          required
        />
      </div>
      <TextAreaField label="Notes" name="notes" optional rows={2} value={notes} onChange={(event) => setNotes(event.target.value)} maxLength={5000} />
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={addApplication.isPending} pendingLabel="Adding…">
          <PlusIcon />
          Add candidate
        </Button>
      </div>
    </form>
  );
}
