import { type ClientByConnection, connectionIdProblem, normaliseConnectionId, parseConnectionId } from '#contract';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { verifyConnection } from '../api/lookup-connection';

export const CONNECTION_ID_FORMAT_MESSAGE = 'Connection ID must be 24 characters (letters and numbers).';
/** Added when the length is right but the alphabet is not: "zzz…" is 24 letters and numbers too. */
export const CONNECTION_ID_NOT_HEX_MESSAGE = `${CONNECTION_ID_FORMAT_MESSAGE} Only the digits 0–9 and letters a–f occur in a connection ID.`;
export const CONNECTION_ID_REQUIRED_MESSAGE = 'Enter the connection ID your client shared with you.';

/** What the field knows about the ID currently typed. */
export type ConnectionCheck =
  | { state: 'idle' }
  | { state: 'checking'; connectionId: string }
  | { state: 'linked'; connectionId: string; companyName: string }
  | { state: 'unknown'; connectionId: string };

/** A popup the recruiter has to acknowledge. */
export type ConnectionWarning = { kind: 'invalid' } | { kind: 'unverifiable'; during: 'blur' | 'submit' } | { kind: 'refused'; message: string };

export type VerifyOutcome =
  | { ok: true; client: ClientByConnection; connectionId: string }
  /** `shown` says where the problem is shown: next to the field, in a popup, or nowhere (a stale answer). */
  | { ok: false; shown: 'field' | 'popup' | 'nothing' };

/**
 * The Connection ID field's behaviour: check the format locally (no request for a malformed
 * ID), then ask the server who the ID belongs to, on blur and again before submitting.
 */
export function useConnectionIdVerification() {
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const [formatError, setFormatError] = useState<string | null>(null);
  const [check, setCheck] = useState<ConnectionCheck>({ state: 'idle' });
  const [warning, setWarning] = useState<ConnectionWarning | null>(null);
  // What the field holds right now, so that an answer for an ID since edited is dropped.
  const currentId = useRef('');
  // The last ID checked on blur: leaving the field again (or the window) does not ask twice.
  const checkedOnBlur = useRef<string | null>(null);

  const onChange = useCallback((next: string) => {
    setValue(next);
    currentId.current = normaliseConnectionId(next);
    if (checkedOnBlur.current !== currentId.current) checkedOnBlur.current = null;
    setFormatError(null);
    setCheck((current) => (current.state !== 'idle' && current.connectionId === currentId.current ? current : { state: 'idle' }));
  }, []);

  const verify = useCallback(
    async (during: 'blur' | 'submit'): Promise<VerifyOutcome> => {
      const raw = value;
      if (during === 'blur' && raw.trim() === '') return { ok: false, shown: 'nothing' };
      const connectionId = parseConnectionId(raw);
      if (!connectionId) {
        setFormatError(
          raw.trim() === ''
            ? CONNECTION_ID_REQUIRED_MESSAGE
            : connectionIdProblem(raw) === 'not_hex'
              ? CONNECTION_ID_NOT_HEX_MESSAGE
              : CONNECTION_ID_FORMAT_MESSAGE,
        );
        setCheck({ state: 'idle' });
        return { ok: false, shown: 'field' };
      }
      setFormatError(null);
      if (during === 'blur') {
        if (checkedOnBlur.current === connectionId) return { ok: false, shown: 'nothing' };
        checkedOnBlur.current = connectionId;
      }
      setCheck({ state: 'checking', connectionId });
      try {
        const client = await verifyConnection(queryClient, connectionId);
        if (currentId.current !== connectionId) return { ok: false, shown: 'nothing' };
        setCheck({ state: 'linked', connectionId, companyName: client.company_name });
        return { ok: true, client, connectionId };
      } catch (error) {
        if (currentId.current !== connectionId) return { ok: false, shown: 'nothing' };
        setCheck({ state: 'idle' });
        if (!(error instanceof ApiError) || error.isUnavailable) {
          // Nothing is known about the ID: let the next blur ask again.
          checkedOnBlur.current = null;
          setWarning({ kind: 'unverifiable', during });
          return { ok: false, shown: 'popup' };
        }
        if (error.status === 404) {
          setCheck({ state: 'unknown', connectionId });
          setWarning({ kind: 'invalid' });
          return { ok: false, shown: 'popup' };
        }
        if (error.code === 'invalid_connection_id_format') {
          setFormatError(CONNECTION_ID_FORMAT_MESSAGE);
          return { ok: false, shown: 'field' };
        }
        if (error.status === 401) return { ok: false, shown: 'nothing' };
        // 429 and the like: the server's sentence says what to do.
        checkedOnBlur.current = null;
        setWarning({ kind: 'refused', message: error.message });
        return { ok: false, shown: 'popup' };
      }
    },
    [queryClient, value],
  );

  /** POST /v1/jobs said the ID is invalid after all (e.g. the client account is gone). */
  const markInvalid = useCallback(() => {
    setCheck(currentId.current ? { state: 'unknown', connectionId: currentId.current } : { state: 'idle' });
    setWarning({ kind: 'invalid' });
  }, []);

  return {
    value,
    onChange,
    formatError,
    check,
    warning,
    dismissWarning: useCallback(() => setWarning(null), []),
    verify,
    markInvalid,
  };
}
