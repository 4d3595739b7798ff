import { errorMessage } from '../../lib/api-client';
import { AlertDialog } from './AlertDialog';

/** The request the confirmation sends: a React Query mutation fits. */
interface Attempt {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset: () => void;
}

export interface ConfirmDangerProps {
  /** Open while there is something to confirm (the app opens dialogs from state, see use-return-focus). */
  open: boolean;
  /** Closed without confirming: forget what was to be confirmed. The attempt's failure is reset here. */
  onDismiss: () => void;
  title: string;
  /** What confirming does, shown until an attempt fails. */
  consequence: string;
  /** Leads the reason when the attempt fails, e.g. "Could not block". */
  failure: string;
  /** The failure's reason in words; the server's message unless a feature says it better. */
  describeError?: (error: unknown) => string;
  attempt: Attempt;
  keepLabel: string;
  confirmLabel: string;
  onConfirm: () => void;
}

/** Asks before what cannot be undone (blocking, revoking), and says in place if it then fails. */
export function ConfirmDanger({
  open,
  onDismiss,
  title,
  consequence,
  failure,
  describeError = errorMessage,
  attempt,
  keepLabel,
  confirmLabel,
  onConfirm,
}: ConfirmDangerProps) {
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          onDismiss();
          attempt.reset();
        }
      }}
      tone="danger"
      title={title}
      description={attempt.isError ? `${failure}: ${describeError(attempt.error)}` : consequence}
      cancelLabel={keepLabel}
      actionLabel={confirmLabel}
      actionVariant="danger"
      actionPending={attempt.isPending}
      onAction={onConfirm}
    />
  );
}
