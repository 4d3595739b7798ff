import { formatAgo, formatTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { Button } from './Button';
import { RefreshIcon } from './icons';

/** "Updated 12 s ago", with a refresh button; warns when the last refresh failed. */
export function LastUpdated({
  updatedAt,
  refreshing,
  failed,
  onRefresh,
}: {
  updatedAt: number;
  refreshing: boolean;
  failed: boolean;
  onRefresh: () => void;
}) {
  const now = useNow();
  return (
    <div className="last-updated">
      <span className={failed ? 'last-updated-text last-updated-failed' : 'last-updated-text'}>
        {failed && 'Could not refresh. '}
        {updatedAt > 0 ? (
          <>
            Last updated{' '}
            <time dateTime={new Date(updatedAt).toISOString()} title={formatTime(updatedAt)}>
              {formatAgo(updatedAt, now)}
            </time>
          </>
        ) : (
          'Loading…'
        )}
      </span>
      <Button size="sm" variant="ghost" onClick={onRefresh} pending={refreshing} pendingLabel="Refreshing…">
        <RefreshIcon />
        Refresh
      </Button>
    </div>
  );
}
