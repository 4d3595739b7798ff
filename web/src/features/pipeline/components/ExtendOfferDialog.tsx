import type { Application, OfferCreateBody } from '#contract';
import { type FormEvent, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Dialog, DialogClose } from '../../../components/ui/Dialog';
import { TextAreaField, TextField } from '../../../components/ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { useExtendOffer } from '../api/extend-offer';

const MAX_SALARY = 1_000_000_000;

export function ExtendOfferDialog({
  application,
  open,
  onOpenChange,
}: {
  application: Application;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const extendOffer = useExtendOffer();
  const [salary, setSalary] = useState('');
  const [currency, setCurrency] = useState('');
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<{ salary?: string; currency?: string }>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (extendOffer.isPending) return;
    const amount = salary.trim() === '' ? null : Number(salary);
    const code = currency.trim().toUpperCase();
    const found = {
      salary:
        amount !== null && (!Number.isFinite(amount) || amount < 0 || amount > MAX_SALARY)
          ? 'Enter a yearly amount from 0 to 1,000,000,000, or leave it empty.'
          : undefined,
      currency: code && !/^[A-Z]{3}$/.test(code) ? 'Use a three-letter code such as EUR, USD or GBP.' : undefined,
    };
    setProblems(found);
    if (found.salary || found.currency) return;
    const body: OfferCreateBody = {
      salary: amount,
      currency: code || null,
      notes: notes.trim() || null,
    };
    extendOffer.mutate(
      { applicationId: application.application_id, body },
      {
        onSuccess: () => {
          setSalary('');
          setNotes('');
          onOpenChange(false);
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) extendOffer.reset();
        onOpenChange(next);
      }}
      title={`Extend an offer to ${application.candidate_name}`}
      description="Record the offer now; mark it accepted, declined or withdrawn when you hear back."
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {extendOffer.isError && <Alert tone="error">{errorMessage(extendOffer.error)}</Alert>}
        <div className="form-row form-row-offer">
          <TextField
            label="Yearly salary"
            optional
            inputMode="decimal"
            value={salary}
            onChange={(event) => setSalary(event.target.value)}
            error={problems.salary}
          />
          <TextField
            label="Currency"
            optional
            value={currency}
            onChange={(event) => setCurrency(event.target.value.toUpperCase())}
            error={problems.currency}
            placeholder="EUR"
            maxLength={3}
            autoCapitalize="characters"
          />
        </div>
        <TextAreaField label="Notes" optional rows={3} value={notes} onChange={(event) => setNotes(event.target.value)} maxLength={5000} />
        <div className="dialog-actions">
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" pending={extendOffer.isPending} pendingLabel="Extending…">
            Extend offer
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
