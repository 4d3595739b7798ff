import type { Application, JobFunnel } from '#contract';
import { FUNNEL_STAGES, FUNNEL_STAGE_LABELS, formatNumber } from '../../../lib/format';

/** How many candidates ever reached each stage, and how many were rejected along the way. */
export function PipelineSummary({ funnel, applications }: { funnel: JobFunnel; applications: Pick<Application, 'stage'>[] }) {
  const rejected = applications.filter((application) => application.stage === 'rejected').length;
  return (
    <div className="funnel-steps" role="group" aria-label="Candidates who reached each stage">
      <ol className="funnel-steps-list">
        {FUNNEL_STAGES.map((stage) => (
          <li key={stage} className="funnel-step">
            <span className="funnel-step-value">{formatNumber(funnel[stage])}</span>
            <span className="funnel-step-label">{FUNNEL_STAGE_LABELS[stage]}</span>
          </li>
        ))}
      </ol>
      <p className="funnel-steps-note">{formatNumber(rejected)} rejected</p>
    </div>
  );
}
