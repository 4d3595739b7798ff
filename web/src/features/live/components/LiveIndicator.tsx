import { type LiveStatus, useLiveStatus } from '../../../lib/live-status';

const LABELS: Record<LiveStatus, string> = {
  off: 'Not live',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

const HINTS: Record<LiveStatus, string> = {
  off: 'Pages refresh every 30 seconds.',
  connecting: 'Connecting for live updates; pages refresh every 30 seconds meanwhile.',
  live: 'Changes appear as they happen.',
  reconnecting: 'The live connection dropped; reconnecting. Pages refresh every 30 seconds meanwhile.',
};

/** A dot and a word, so that the state never rests on colour alone; announced politely when it changes. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span role="status" className={`live-indicator live-indicator-${status}`} title={HINTS[status]} data-live-status={status}>
      <span className="live-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
