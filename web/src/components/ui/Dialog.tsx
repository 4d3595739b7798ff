import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/api-client';
import { Alert } from './Alert';
import { Button } from './Button';
import { useReturnFocus } from './use-return-focus';

/** A modal for a short form (schedule an interview, extend an offer...); closed, it gives focus back to what opened it. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
}) {
  const returnFocus = useReturnFocus();
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content className="dialog" {...returnFocus}>
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="visually-hidden">{title}</RadixDialog.Description>
          )}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export const DialogClose = RadixDialog.Close;

/**
 * A Dialog holding one form that one mutation sends: the mutation's error above the fields, Cancel
 * and the submit button below them. Submitting again while it is sending does nothing, and closing
 * the dialog clears the error.
 */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  mutation,
  onSubmit,
  cancelLabel = 'Cancel',
  submitLabel,
  pendingLabel,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  mutation: { isPending: boolean; isError: boolean; error: unknown; reset: () => void };
  onSubmit: () => void;
  cancelLabel?: string;
  submitLabel: string;
  pendingLabel: string;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) mutation.reset();
        onOpenChange(next);
      }}
      title={title}
      description={description}
    >
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!mutation.isPending) onSubmit();
        }}
      >
        {mutation.isError && <Alert tone="error">{errorMessage(mutation.error)}</Alert>}
        {children}
        <div className="dialog-actions">
          <DialogClose asChild>
            <Button>{cancelLabel}</Button>
          </DialogClose>
          <Button type="submit" variant="primary" pending={mutation.isPending} pendingLabel={pendingLabel}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
