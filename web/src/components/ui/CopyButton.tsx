import { useEffect, useRef, useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { Button } from './Button';
import { CheckIcon, CopyIcon } from './icons';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` and says so on the button itself and to screen readers. */
export function CopyButton({
  text,
  label = 'Copy',
  accessibleLabel,
  variant = 'secondary',
  onCopyFailed,
}: {
  text: string;
  label?: string;
  /** What is copied, for screen readers, e.g. "Copy connection ID". */
  accessibleLabel?: string;
  variant?: 'primary' | 'secondary';
  onCopyFailed?: () => void;
}) {
  const [state, setState] = useState<CopyState>('idle');
  const resetTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(resetTimer.current), []);

  /** Never rejects: a failed copy is shown on the button. */
  async function copy() {
    window.clearTimeout(resetTimer.current);
    try {
      await copyText(text);
      setState('copied');
    } catch {
      setState('failed');
      onCopyFailed?.();
    }
    resetTimer.current = window.setTimeout(() => setState('idle'), 2_500);
  }

  return (
    <>
      <Button variant={variant} onClick={() => void copy()} aria-label={state === 'idle' ? accessibleLabel : undefined} className="copy-button">
        {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Could not copy. Select the text and copy it yourself.' : ''}
      </span>
    </>
  );
}
