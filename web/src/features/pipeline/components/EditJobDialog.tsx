import type { EmploymentType, RecruiterJobDetail } from '#contract';
import { type FormEvent, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Dialog, DialogClose } from '../../../components/ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { EMPLOYMENT_TYPES, EMPLOYMENT_TYPE_LABELS } from '../../../lib/format';
import { useUpdateJob } from '../api/update-job';

export function EditJobDialog({ job, open, onOpenChange }: { job: RecruiterJobDetail; open: boolean; onOpenChange: (open: boolean) => void }) {
  const updateJob = useUpdateJob();
  const [title, setTitle] = useState(job.title);
  const [description, setDescription] = useState(job.description ?? '');
  const [location, setLocation] = useState(job.location ?? '');
  const [employmentType, setEmploymentType] = useState<EmploymentType | ''>(job.employment_type ?? '');
  const [titleError, setTitleError] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (updateJob.isPending) return;
    if (!title.trim()) {
      setTitleError('Give the job a title.');
      return;
    }
    updateJob.mutate(
      {
        jobId: job.job_id,
        body: {
          title: title.trim(),
          description: description.trim() ? description : null,
          location: location.trim() || null,
          employment_type: employmentType || null,
        },
      },
      { onSuccess: () => onOpenChange(false) },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) updateJob.reset();
        onOpenChange(next);
      }}
      title="Edit job"
      description="Changes show on the client's dashboard at their next refresh."
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {updateJob.isError && <Alert tone="error">{errorMessage(updateJob.error)}</Alert>}
        <TextField
          label="Job title"
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
            setTitleError(null);
          }}
          error={titleError}
          maxLength={200}
          required
        />
        <TextAreaField label="Description" optional rows={5} value={description} onChange={(event) => setDescription(event.target.value)} maxLength={20_000} />
        <div className="form-row">
          <TextField label="Location" optional value={location} onChange={(event) => setLocation(event.target.value)} maxLength={200} />
          <SelectField label="Employment type" optional value={employmentType} onChange={(event) => setEmploymentType(event.target.value as EmploymentType | '')}>
            <option value="">Not specified</option>
            {EMPLOYMENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {EMPLOYMENT_TYPE_LABELS[type]}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="dialog-actions">
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" pending={updateJob.isPending} pendingLabel="Saving…">
            Save changes
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
