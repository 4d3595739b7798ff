import * as RadixAlertDialog from '@radix-ui/react-alert-dialog';
import type { ReactNode } from 'react';
import { Button, type ButtonVariant } from './Button';
import { AlertIcon } from './icons';
import { useReturnFocus } from './use-return-focus';

export interface AlertDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  /** The button that closes the dialog (always there). */
  cancelLabel?: string;
  /** An optional second button, e.g. "Try again" or "Revoke key". */
  actionLabel?: string;
  actionVariant?: ButtonVariant;
  onAction?: () => void;
  actionPending?: boolean;
  tone?: 'danger' | 'warning';
  /** Where focus goes when the dialog closes; by default, back to what opened it. */
  onCloseAutoFocus?: (event: Event) => void;
}

/**
 * A popup that needs an answer (role="alertdialog"): warnings the user must read, and
 * confirmations of what cannot be undone.
 */
export function AlertDialog({
  open,
  onOpenChange,
  title,
  description,
  cancelLabel = 'OK',
  actionLabel,
  actionVariant = 'primary',
  onAction,
  actionPending,
  tone = 'warning',
  onCloseAutoFocus,
}: AlertDialogProps) {
  const returnFocus = useReturnFocus();
  return (
    <RadixAlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixAlertDialog.Portal>
        <RadixAlertDialog.Overlay className="dialog-overlay" />
        <RadixAlertDialog.Content
          className={`dialog dialog-alert dialog-${tone}`}
          onOpenAutoFocus={returnFocus.onOpenAutoFocus}
          onCloseAutoFocus={(event) => {
            onCloseAutoFocus?.(event);
            if (!event.defaultPrevented) returnFocus.onCloseAutoFocus(event);
          }}
        >
          <RadixAlertDialog.Title className="dialog-title">
            <AlertIcon className="dialog-title-icon" width={20} height={20} />
            {title}
          </RadixAlertDialog.Title>
          <RadixAlertDialog.Description className="dialog-description">{description}</RadixAlertDialog.Description>
          <div className="dialog-actions">
            <RadixAlertDialog.Cancel asChild>
              <Button variant={actionLabel ? 'secondary' : 'primary'}>{cancelLabel}</Button>
            </RadixAlertDialog.Cancel>
            {actionLabel && (
              <Button
                variant={actionVariant}
                pending={actionPending}
                onClick={() => {
                  onAction?.();
                }}
              >
                {actionLabel}
              </Button>
            )}
          </div>
        </RadixAlertDialog.Content>
      </RadixAlertDialog.Portal>
    </RadixAlertDialog.Root>
  );
}
