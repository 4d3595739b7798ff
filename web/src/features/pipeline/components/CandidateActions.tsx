import type { Application, ApplicationStage } from '#contract';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { APPLICATION_STAGES, APPLICATION_STAGE_LABELS } from '../../../lib/format';
import { errorMessage } from '../../../lib/api-client';
import { useUpdateApplication } from '../api/update-application';
import { ExtendOfferDialog } from './ExtendOfferDialog';
import { ScheduleInterviewDialog } from './ScheduleInterviewDialog';

/** Move a candidate to another stage (chosen, then confirmed with "Move"), schedule an interview, extend an offer. */
export function CandidateActions({
  application,
  focusOnMount = false,
  onMoved,
}: {
  application: Application;
  /** The candidate just moved here: keep keyboard focus with it in its new section. */
  focusOnMount?: boolean;
  onMoved?: (application: Application) => void;
}) {
  const selectId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (focusOnMount) selectRef.current?.focus();
  }, [focusOnMount]);
  const errorId = useId();
  const updateApplication = useUpdateApplication();
  const [stage, setStage] = useState<ApplicationStage>(application.stage);
  const [dialog, setDialog] = useState<'interview' | 'offer' | null>(null);
  const name = application.candidate_name;

  function move() {
    if (stage === application.stage || updateApplication.isPending) return;
    // The candidate's row remounts in its new section before the mutation settles, so the
    // promise (not a per-call callback, dropped on unmount) reports the move.
    updateApplication
      .mutateAsync({ applicationId: application.application_id, body: { stage } })
      .then((moved) => onMoved?.(moved))
      .catch(() => {
        // Shown below the control from updateApplication.error.
      });
  }

  return (
    <>
      <div className="move-control">
        <label htmlFor={selectId} className="visually-hidden">
          Stage for {name}
        </label>
        <select
          ref={selectRef}
          id={selectId}
          className="input select input-sm"
          value={stage}
          onChange={(event) => {
            setStage(event.target.value as ApplicationStage);
            updateApplication.reset();
          }}
          aria-describedby={updateApplication.isError ? errorId : undefined}
        >
          {APPLICATION_STAGES.map((value) => (
            <option key={value} value={value}>
              {APPLICATION_STAGE_LABELS[value]}
            </option>
          ))}
        </select>
        <Button size="sm" onClick={move} disabled={stage === application.stage} pending={updateApplication.isPending} pendingLabel="Moving…">
          Move<span className="visually-hidden"> {name}</span>
        </Button>
      </div>
      {/* A rejected or hired candidate gets no new interviews or offers; moving them back stays possible. */}
      {application.stage !== 'rejected' && application.stage !== 'hired' && (
        <div className="button-row">
          <Button size="sm" variant="ghost" onClick={() => setDialog('interview')}>
            Schedule interview<span className="visually-hidden"> with {name}</span>
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setDialog('offer')}>
            Extend offer<span className="visually-hidden"> to {name}</span>
          </Button>
        </div>
      )}
      {updateApplication.isError && (
        <p className="inline-error" id={errorId} role="alert">
          Could not move {name}: {errorMessage(updateApplication.error)}
        </p>
      )}
      <ScheduleInterviewDialog application={application} open={dialog === 'interview'} onOpenChange={(open) => setDialog(open ? 'interview' : null)} />
      <ExtendOfferDialog application={application} open={dialog === 'offer'} onOpenChange={(open) => setDialog(open ? 'offer' : null)} />
    </>
  );
}
