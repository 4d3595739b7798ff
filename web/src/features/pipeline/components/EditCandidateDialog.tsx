import type { Application } from '#contract';
import { useState } from 'react';
import { FormDialog } from '../../../components/ui/Dialog';
import { TextAreaField, TextField } from '../../../components/ui/Field';
import { ApiError } from '../../../lib/api-client';
import { useUpdateApplication } from '../api/update-application';
import { type CandidateDetailProblems, candidateDetailProblems } from '../candidate-details';

/** Correct a candidate's name, e-mail address or notes, with the rules of adding one. */
export function EditCandidateDialog({
  application,
  open,
  onOpenChange,
}: {
  application: Application;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const updateApplication = useUpdateApplication();
  const [name, setName] = useState(application.candidate_name);
  const [email, setEmail] = useState(application.candidate_email);
  const [notes, setNotes] = useState(application.notes ?? '');
  const [summary, setSummary] = useState(application.client_summary ?? '');
  const [problems, setProblems] = useState<CandidateDetailProblems>({});
  const error = updateApplication.error;
  // Said next to the e-mail field, as when adding a candidate.
  const duplicate = error instanceof ApiError && error.code === 'duplicate_application' ? error.message : undefined;

  function onSubmit() {
    const found = candidateDetailProblems(name, email);
    setProblems(found);
    if (found.name || found.email) return;
    updateApplication.mutate(
      {
        applicationId: application.application_id,
        body: { candidate_name: name.trim(), candidate_email: email.trim(), notes: notes.trim() || null, client_summary: summary.trim() || null },
      },
      { onSuccess: () => onOpenChange(false) },
    );
  }

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        if (next) {
          // Start from what is stored now (it may have changed since the last edit).
          setName(application.candidate_name);
          setEmail(application.candidate_email);
          setNotes(application.notes ?? '');
          setSummary(application.client_summary ?? '');
          setProblems({});
        }
        onOpenChange(next);
      }}
      title={`Edit ${application.candidate_name}`}
      description="The client sees the new details on its job page."
      mutation={{ ...updateApplication, isError: updateApplication.isError && !duplicate }}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      pendingLabel="Saving…"
    >
      <TextField
        label="Candidate name"
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
        label="Candidate e-mail"
        type="email"
        autoComplete="off"
        value={email}
        onChange={(event) => {
          setEmail(event.target.value);
          setProblems((current) => ({ ...current, email: undefined }));
          if (duplicate) updateApplication.reset();
        }}
        error={problems.email ?? duplicate}
        maxLength={254}
        required
      />
      <TextAreaField label="Notes (yours only)" optional rows={3} value={notes} onChange={(event) => setNotes(event.target.value)} maxLength={5000} />
      <TextAreaField
        label="Summary for the client"
        optional
        rows={4}
        value={summary}
        onChange={(event) => setSummary(event.target.value)}
        maxLength={5000}
      />
    </FormDialog>
  );
}
