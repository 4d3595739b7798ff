import type { EmploymentType, RecruiterJobDetail } from '#contract';
import { useState } from 'react';
import { FormDialog } from '../../../components/ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/Field';
import { EMPLOYMENT_TYPES, EMPLOYMENT_TYPE_LABELS } from '../../../lib/format';
import { useUpdateJob } from '../api/update-job';

export function EditJobDialog({ job, open, onOpenChange }: { job: RecruiterJobDetail; open: boolean; onOpenChange: (open: boolean) => void }) {
  const updateJob = useUpdateJob();
  const [title, setTitle] = useState(job.title);
  const [description, setDescription] = useState(job.description ?? '');
  const [location, setLocation] = useState(job.location ?? '');
  const [employmentType, setEmploymentType] = useState<EmploymentType | ''>(job.employment_type ?? '');
  const [titleError, setTitleError] = useState<string | null>(null);

  function onSubmit() {
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
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Edit job"
      description="Changes show on the client's dashboard at once."
      mutation={updateJob}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      pendingLabel="Saving…"
    >
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
      <TextAreaField
        label="Description"
        optional
        rows={5}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        maxLength={20_000}
      />
      <div className="form-row">
        <TextField label="Location" optional value={location} onChange={(event) => setLocation(event.target.value)} maxLength={200} />
        <SelectField
          label="Employment type"
          optional
          value={employmentType}
          onChange={(event) => setEmploymentType(event.target.value as EmploymentType | '')}
        >
          <option value="">Not specified</option>
          {EMPLOYMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {EMPLOYMENT_TYPE_LABELS[type]}
            </option>
          ))}
        </SelectField>
      </div>
    </FormDialog>
  );
}
