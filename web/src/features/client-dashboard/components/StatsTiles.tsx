import type { ClientStats } from '#contract';
import { formatNumber } from '../../../lib/format';

interface Tile {
  label: string;
  value: number | undefined;
  detail?: string;
}

export function StatsTiles({ stats }: { stats: ClientStats | undefined }) {
  const tiles: Tile[] = [
    { label: 'Open jobs', value: stats?.jobs_open, detail: stats ? `of ${formatNumber(stats.jobs_total)} in total` : undefined },
    { label: 'Applications', value: stats?.applications },
    // Still scheduled, against the jobs' Interviews column (held or scheduled), which it is part of.
    {
      label: 'Interviews scheduled',
      value: stats?.interviews_scheduled,
      detail: stats ? `of ${formatNumber(stats.interviews)} held or scheduled` : undefined,
    },
    { label: 'Offers made', value: stats?.offers_made },
    { label: 'Offers accepted', value: stats?.offers_accepted },
    { label: 'Hires', value: stats?.hires },
  ];
  return (
    <section aria-label="Hiring totals" className="stats-grid">
      {tiles.map((tile) => (
        <div className="stat-tile" key={tile.label}>
          <p className="stat-label">{tile.label}</p>
          <p className="stat-value">{tile.value === undefined ? '–' : formatNumber(tile.value)}</p>
          {tile.detail && <p className="stat-detail">{tile.detail}</p>}
        </div>
      ))}
    </section>
  );
}
