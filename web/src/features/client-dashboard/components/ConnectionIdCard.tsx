import { useRef } from 'react';
import { Card } from '../../../components/ui/Card';
import { CopyButton } from '../../../components/ui/CopyButton';
import { LinkIcon } from '../../../components/ui/icons';

/** The ID a client hands to its recruiters; the whole point of the dashboard's first screen. */
export function ConnectionIdCard({ connectionId }: { connectionId: string | undefined }) {
  const idRef = useRef<HTMLElement>(null);

  // When the clipboard is refused, select the ID so that Ctrl+C does the rest.
  function selectId() {
    const element = idRef.current;
    if (!element) return;
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }

  return (
    <Card className="connection-card" aria-labelledby="connection-id-title">
      <div className="connection-card-icon">
        <LinkIcon width={20} height={20} />
      </div>
      <div className="connection-card-body">
        <h2 className="card-title" id="connection-id-title">
          Connection ID
        </h2>
        <p className="card-description" id="connection-id-help">
          Share this ID with your recruiters so they can post jobs for you.
        </p>
        <div className="connection-id-row">
          <code className="connection-id" ref={idRef} aria-describedby="connection-id-help" data-testid="connection-id">
            {connectionId ?? 'Loading…'}
          </code>
          {connectionId && <CopyButton text={connectionId} accessibleLabel="Copy connection ID" onCopyFailed={selectId} />}
        </div>
      </div>
    </Card>
  );
}
