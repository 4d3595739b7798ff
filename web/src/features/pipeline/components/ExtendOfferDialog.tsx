import { type Application, type OfferCreateBody, stageReachedBy } from '#contract';
import { useState } from 'react';
import { FormDialog } from '../../../components/ui/Dialog';
import { TextAreaField, TextField } from '../../../components/ui/Field';
import { formatLocaleNumber, parseLocaleAmount } from '../../../lib/locale-number';
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
  // An <input type="date"> value: 'YYYY-MM-DD', or '' when not set.
  const [startDate, setStartDate] = useState('');
  const [problems, setProblems] = useState<{ salary?: string; currency?: string }>({});

  function onSubmit() {
    // As the user's locale writes numbers: "95,000", "95.000" in German, "95 000" anywhere.
    const amount = salary.trim() === '' ? null : parseLocaleAmount(salary);
    const code = currency.trim().toUpperCase();
    const found = {
      salary:
        salary.trim() !== '' && (amount === null || amount > MAX_SALARY)
          ? `Enter a yearly amount from 0 to ${formatLocaleNumber(MAX_SALARY)}, or leave it empty.`
          : undefined,
      currency: code && !/^[A-Z]{3}$/.test(code) ? 'Use a three-letter code such as EUR, USD or GBP.' : undefined,
    };
    setProblems(found);
    if (found.salary || found.currency) return;
    const body: OfferCreateBody = {
      salary: amount,
      currency: code || null,
      notes: notes.trim() || null,
      start_date: startDate || null,
    };
    extendOffer.mutate(
      { applicationId: application.application_id, body },
      {
        onSuccess: () => {
          setSalary('');
          setNotes('');
          setStartDate('');
          onOpenChange(false);
        },
      },
    );
  }

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Extend an offer to ${application.candidate_name}`}
      description={[
        'Record the offer now; mark it accepted, declined or withdrawn when you hear back.',
        stageReachedBy(application.stage, 'offer') && `${application.candidate_name} moves to Offer.`,
      ]
        .filter(Boolean)
        .join(' ')}
      mutation={extendOffer}
      onSubmit={onSubmit}
      submitLabel="Extend offer"
      pendingLabel="Extending…"
    >
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
      <TextField label="Start date" optional type="date" value={startDate} onChange={(event) => setStartDate(event.target.value)} />
      <TextAreaField label="Notes" optional rows={3} value={notes} onChange={(event) => setNotes(event.target.value)} maxLength={5000} />
    </FormDialog>
  );
}
