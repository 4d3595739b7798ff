import { Link } from 'react-router';
import { JobStatusBadge } from '../../../components/ui/Badge';
import { Card, CardHeader } from '../../../components/ui/Card';
import { LastUpdated } from '../../../components/ui/LastUpdated';
import { PageHeader } from '../../../components/ui/PageHeader';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { FUNNEL_STAGES, FUNNEL_STAGE_LABELS, formatNumber } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useFunnelReport } from '../api/get-funnel-report';
import { FunnelChart, percentOf } from './FunnelChart';

export default function ReportsPage() {
  useDocumentTitle('Reports');
  const report = useFunnelReport();

  return (
    <div className="page">
      <PageHeader
        eyebrow="Client dashboard"
        title="Hiring funnel"
        description="How many candidates reached each stage: applied → screening → interview → offer → hired."
        actions={
          <LastUpdated
            updatedAt={report.dataUpdatedAt}
            refreshing={report.isFetching && !report.isPending}
            failed={report.isRefetchError && !report.isFetching}
            onRefresh={() => void report.refetch()}
          />
        }
      />
      {report.isPending ? (
        <Loading label="Loading the report…" />
      ) : report.isError && !report.data ? (
        <LoadError error={report.error} onRetry={() => void report.refetch()} what="the report" />
      ) : report.data.jobs.length === 0 ? (
        <Card>
          <EmptyState title="Nothing to report yet">
            Once your recruiters post jobs with your connection ID and add candidates, their funnels appear here.
          </EmptyState>
        </Card>
      ) : (
        <>
          <Card aria-labelledby="totals-title">
            <CardHeader title="All jobs" titleId="totals-title" description="Percentages are of candidates who applied." />
            <FunnelChart funnel={report.data.totals} label="Funnel of all jobs" />
          </Card>
          <section aria-labelledby="per-job-title" className="stack">
            <h2 className="section-title" id="per-job-title">
              Per job
            </h2>
            <div className="chart-grid">
              {report.data.jobs.map((job) => (
                <Card key={job.job_id} className="chart-card">
                  <div className="chart-card-header">
                    <h3 className="chart-card-title">
                      <Link to={`/client/jobs/${encodeURIComponent(job.job_id)}`}>{job.title}</Link>
                    </h3>
                    <JobStatusBadge status={job.status} />
                  </div>
                  <FunnelChart funnel={job.funnel} label={`Funnel of ${job.title}`} compact />
                </Card>
              ))}
            </div>
          </section>
          <Card aria-labelledby="table-title">
            <CardHeader title="Funnel by job" titleId="table-title" description="The numbers behind the charts." />
            <div className="table-wrap">
              <table className="table table-stack">
                <caption className="visually-hidden">Candidates who reached each stage, per job</caption>
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    {FUNNEL_STAGES.map((stage) => (
                      <th scope="col" className="num" key={stage}>
                        {FUNNEL_STAGE_LABELS[stage]}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      Hired of applied
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.jobs.map((job) => (
                    <tr key={job.job_id}>
                      <th scope="row">{job.title}</th>
                      {FUNNEL_STAGES.map((stage) => (
                        <td className="num" data-label={FUNNEL_STAGE_LABELS[stage]} key={stage}>
                          {formatNumber(job.funnel[stage])}
                        </td>
                      ))}
                      <td className="num" data-label="Hired of applied">
                        {percentOf(job.funnel.hired, job.funnel.applied)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">All jobs</th>
                    {FUNNEL_STAGES.map((stage) => (
                      <td className="num" data-label={FUNNEL_STAGE_LABELS[stage]} key={stage}>
                        {formatNumber(report.data.totals[stage])}
                      </td>
                    ))}
                    <td className="num" data-label="Hired of applied">
                      {percentOf(report.data.totals.hired, report.data.totals.applied)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
