import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldShellProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** Shown under the control, e.g. "Linked to: Acme"; announced politely. */
  status?: ReactNode;
  optional?: boolean;
  className?: string;
}

interface FieldIds {
  controlId: string;
  describedBy: string | undefined;
}

function useFieldIds(props: FieldShellProps, explicitId?: string): FieldIds & { hintId: string; errorId: string; statusId: string } {
  const generated = useId();
  const controlId = explicitId ?? `field${generated}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const statusId = `${controlId}-status`;
  const describedBy = [props.error ? errorId : null, props.status ? statusId : null, props.hint ? hintId : null].filter(Boolean).join(' ');
  return { controlId, hintId, errorId, statusId, describedBy: describedBy || undefined };
}

function FieldShell({
  label,
  hint,
  error,
  status,
  optional,
  className,
  ids,
  children,
}: FieldShellProps & { ids: ReturnType<typeof useFieldIds>; children: ReactNode }) {
  return (
    <div className={['field', error ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="field-label" htmlFor={ids.controlId}>
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      {children}
      {/* Always rendered, so that a message appearing later is announced. */}
      <div aria-live="polite" className="field-messages">
        {error && (
          <p className="field-error" id={ids.errorId}>
            {error}
          </p>
        )}
        {status && !error && (
          <p className="field-status" id={ids.statusId}>
            {status}
          </p>
        )}
      </div>
      {hint && (
        <p className="field-hint" id={ids.hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = FieldShellProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'className'>;

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, hint, error, status, optional, className, id, ...input },
  ref,
) {
  const shell = { label, hint, error, status, optional, className };
  const ids = useFieldIds(shell, id);
  return (
    <FieldShell {...shell} ids={ids}>
      <input ref={ref} id={ids.controlId} className="input" aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
    </FieldShell>
  );
});

type TextAreaFieldProps = FieldShellProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'className'>;

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { label, hint, error, status, optional, className, id, ...textarea },
  ref,
) {
  const shell = { label, hint, error, status, optional, className };
  const ids = useFieldIds(shell, id);
  return (
    <FieldShell {...shell} ids={ids}>
      <textarea
        ref={ref}
        id={ids.controlId}
        className="input textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...textarea}
      />
    </FieldShell>
  );
});

type SelectFieldProps = FieldShellProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className'>;

export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { label, hint, error, status, optional, className, id, children, ...select },
  ref,
) {
  const shell = { label, hint, error, status, optional, className };
  const ids = useFieldIds(shell, id);
  return (
    <FieldShell {...shell} ids={ids}>
      <select
        ref={ref}
        id={ids.controlId}
        className="input select"
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...select}
      >
        {children}
      </select>
    </FieldShell>
  );
});
