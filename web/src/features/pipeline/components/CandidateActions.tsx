import type { Application, ApplicationStage } from '#contract';
import { useEffect, useId, useRef, useState } from 'react';
import { AlertDialog } from '../../../components/ui/AlertDialog';
import { Button } from '../../../components/ui/Button';
import { APPLICATION_STAGES, APPLICATION_STAGE_LABELS } from '../../../lib/format';
import { errorMessage } from '../../../lib/api-client';
import { useRemoveApplication } from '../api/remove-application';
import { useShareApplication } from '../api/share-application';
import { useUpdateApplication } from '../api/update-application';
import { EditCandidateDialog } from './EditCandidateDialog';
import { ExtendOfferDialog } from './ExtendOfferDialog';
import { ScheduleInterviewDialog } from './ScheduleInterviewDialog';

/**
 * Move a candidate to another stage (chosen, then confirmed with "Move"), schedule an interview,
 * extend an offer, edit the candidate's details, or remove one added by mistake (confirmed).
 */
export function CandidateActions({
  application,
  focusOnMount = false,
  onMoved,
  onRemoved,
}: {
  application: Application;
  /** The candidate just moved here: keep keyboard focus with it in its new section. */
  focusOnMount?: boolean;
  onMoved?: (application: Application) => void;
  /** The candidate was removed (its row is about to go). */
  onRemoved?: (application: Application) => void;
}) {
  const selectId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (focusOnMount) selectRef.current?.focus();
  }, [focusOnMount]);
  const errorId = useId();
  const updateApplication = useUpdateApplication();
  const [stage, setStage] = useState<ApplicationStage>(application.stage);
  const removeApplication = useRemoveApplication();
  const shareApplication = useShareApplication();
  const removed = useRef(false);
  const [dialog, setDialog] = useState<'interview' | 'offer' | 'edit' | 'remove' | null>(null);
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
      <div className="button-row">
        {/* A rejected or hired candidate gets no new interviews or offers (the API refuses); moving them back stays possible. */}
        {application.stage !== 'rejected' && application.stage !== 'hired' && (
          <>
            <Button size="sm" variant="ghost" onClick={() => setDialog('interview')}>
              Schedule interview<span className="visually-hidden"> with {name}</span>
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setDialog('offer')}>
              Extend offer<span className="visually-hidden"> to {name}</span>
            </Button>
          </>
        )}
        {!application.shared_with_client && (
          <Button
            size="sm"
            variant="ghost"
            pending={shareApplication.isPending}
            pendingLabel="Sharing…"
            onClick={() => shareApplication.mutate(application.application_id)}
          >
            Share with client<span className="visually-hidden"> {name}</span>
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={() => setDialog('edit')}>
          Edit<span className="visually-hidden"> {name}</span>
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDialog('remove')}>
          {/* Not "Remove <name>": "Move <name>" would then also name this button. */}
          Remove<span className="visually-hidden"> candidate {name}</span>
        </Button>
      </div>
      {shareApplication.isError && (
        <p className="inline-error" role="alert">
          Could not share {name}: {errorMessage(shareApplication.error)}
        </p>
      )}
      {updateApplication.isError && (
        <p className="inline-error" id={errorId} role="alert">
          Could not move {name}: {errorMessage(updateApplication.error)}
        </p>
      )}
      <ScheduleInterviewDialog
        application={application}
        open={dialog === 'interview'}
        onOpenChange={(open) => setDialog(open ? 'interview' : null)}
      />
      <ExtendOfferDialog application={application} open={dialog === 'offer'} onOpenChange={(open) => setDialog(open ? 'offer' : null)} />
      <EditCandidateDialog application={application} open={dialog === 'edit'} onOpenChange={(open) => setDialog(open ? 'edit' : null)} />
      <AlertDialog
        open={dialog === 'remove'}
        onOpenChange={(open) => {
          if (!open) removeApplication.reset();
          setDialog(open ? 'remove' : null);
        }}
        tone="danger"
        title={`Remove ${name} from this job?`}
        description={
          removeApplication.isError
            ? `Could not remove ${name}: ${errorMessage(removeApplication.error)}`
            : `For a candidate added by mistake: ${name}'s interviews and offers are deleted too, and the client no longer sees any of it. This cannot be undone. If ${name} left the process, move them to Rejected instead.`
        }
        cancelLabel="Keep"
        actionLabel="Remove candidate"
        actionVariant="danger"
        actionPending={removeApplication.isPending}
        onAction={() => {
          if (removeApplication.isPending) return;
          // As with a move, the row (and this dialog) may unmount before the mutation settles,
          // so the promise reports the removal.
          removeApplication
            .mutateAsync({ applicationId: application.application_id })
            .then(() => {
              removed.current = true;
              setDialog(null);
              onRemoved?.(application);
            })
            .catch(() => {
              // Shown in the dialog from removeApplication.error.
            });
        }}
        onCloseAutoFocus={(event) => {
          // The button that opened it leaves with the candidate: the page has chosen where focus goes.
          if (removed.current) event.preventDefault();
        }}
      />
    </>
  );
}
