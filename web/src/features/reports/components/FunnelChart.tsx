import type { JobFunnel } from '#contract';
import { FUNNEL_STAGES, FUNNEL_STAGE_LABELS, formatNumber } from '../../../lib/format';

export function percentOf(part: number, whole: number): string {
  if (whole === 0) return '–';
  return `${Math.round((part / whole) * 100)}%`;
}

export function describeFunnel(funnel: JobFunnel): string {
  return FUNNEL_STAGES.map((stage) => `${FUNNEL_STAGE_LABELS[stage]} ${funnel[stage]}`).join(', ');
}

/**
 * A funnel drawn with CSS: one centred bar per stage, as wide as its share of "applied".
 * Screen readers get the numbers from the label (and from the table beside every chart).
 */
export function FunnelChart({ funnel, label, compact = false }: { funnel: JobFunnel; label: string; compact?: boolean }) {
  const top = Math.max(funnel.applied, ...FUNNEL_STAGES.map((stage) => funnel[stage]));
  return (
    <figure className={compact ? 'funnel funnel-compact' : 'funnel'} role="img" aria-label={`${label}: ${describeFunnel(funnel)}`}>
      <div className="funnel-rows" aria-hidden="true">
        {FUNNEL_STAGES.map((stage, index) => {
          const value = funnel[stage];
          // Empty stages keep a sliver, so the shape still reads as a funnel.
          const width = top === 0 ? 2 : Math.max(2, (value / top) * 100);
          return (
            <div className="funnel-row" key={stage}>
              <span className="funnel-label">{FUNNEL_STAGE_LABELS[stage]}</span>
              <span className="funnel-track">
                <span className={`funnel-bar funnel-bar-${index}`} style={{ width: `${width}%` }} />
              </span>
              <span className="funnel-value">
                {formatNumber(value)}
                {!compact && stage !== 'applied' && <span className="funnel-rate"> {percentOf(value, funnel.applied)}</span>}
              </span>
            </div>
          );
        })}
      </div>
    </figure>
  );
}
