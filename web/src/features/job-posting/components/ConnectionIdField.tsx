import { forwardRef } from 'react';
import { TextField } from '../../../components/ui/Field';
import { CheckIcon } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/Spinner';
import type { ConnectionCheck } from './use-connection-id-verification';

export const CONNECTION_ID_PLACEHOLDER = 'Paste connection ID from your client';

/**
 * The recruiter's link to a client: free text in any case and with any separators (the
 * contract's normaliser cleans it), confirmed by the company name it resolves to.
 */
export const ConnectionIdField = forwardRef<
  HTMLInputElement,
  {
    value: string;
    onChange: (value: string) => void;
    onBlur: () => void;
    formatError: string | null;
    check: ConnectionCheck;
    /** A server error about this field that is not a popup (e.g. a validation message). */
    serverError?: string | null;
  }
>(function ConnectionIdField({ value, onChange, onBlur, formatError, check, serverError }, ref) {
  let status = null;
  if (check.state === 'checking') {
    status = (
      <>
        <Spinner /> Checking connection ID…
      </>
    );
  } else if (check.state === 'linked') {
    status = (
      <span className="linked-to">
        <CheckIcon /> Linked to: <strong>{check.companyName}</strong>
      </span>
    );
  }
  return (
    <TextField
      ref={ref}
      label="Connection ID"
      name="connection_id"
      className="connection-id-field"
      placeholder={CONNECTION_ID_PLACEHOLDER}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      onBlur={onBlur}
      error={formatError ?? serverError ?? undefined}
      status={status}
      hint="Your client finds it on their Hirelink dashboard. Upper or lower case, spaces and dashes are all fine."
      required
      aria-required="true"
      autoComplete="off"
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      maxLength={200}
    />
  );
});
