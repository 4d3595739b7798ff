import { ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS, type ActivityEntry, type ActivityType } from '#contract';
import { useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { SelectField, TextField } from '../../../components/ui/Field';
import { LastUpdated } from '../../../components/ui/LastUpdated';
import { PageHeader } from '../../../components/ui/PageHeader';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { errorMessage } from '../../../lib/api-client';
import { APPLICATION_STAGE_LABELS, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type ActivityFilters, downloadActivityCsv, useActivity, useActivityFilterOptions } from '../api/activity';

/** A local calendar day (the date input's value) as the instant it starts. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00`);

function filtersOf(form: { job: string; recruiter: string; type: string; fromDay: string; toDay: string }): ActivityFilters {
  const to = form.toDay ? startOfDay(form.toDay) : null;
  // "To" a day includes that day: the API's `to` is exclusive.
  if (to) to.setDate(to.getDate() + 1);
  return {
    ...(form.job && { job_id: form.job }),
    ...(form.recruiter && { recruiter_id: form.recruiter }),
    ...(form.type && { type: form.type as ActivityType }),
    ...(form.fromDay && { from: startOfDay(form.fromDay).toISOString() }),
    ...(to && { to: to.toISOString() }),
  };
}

const valueLabel = (field: string, value: string | null) =>
  value === null
    ? '—'
    : field === 'stage' && value in APPLICATION_STAGE_LABELS
      ? APPLICATION_STAGE_LABELS[value as keyof typeof APPLICATION_STAGE_LABELS]
      : value;

function actorLabel(entry: ActivityEntry): string {
  const name = entry.actor.name ?? (entry.actor.type === 'system' ? 'Hirelink' : 'Unknown');
  return entry.actor.api_key_id ? `${name} (API key)` : name;
}

function ActivityRow({ entry }: { entry: ActivityEntry }) {
  return (
    <tr data-activity-type={entry.type}>
      <td data-label="When" className="nowrap">
        {formatDateTime(entry.occurred_at)}
      </td>
      <th scope="row">
        {ACTIVITY_TYPE_LABELS[entry.type]}
        {entry.changes.length > 0 && (
          <span className="job-meta">
            {entry.changes
              .map((change) =>
                change.before === null && change.after === null
                  ? `${change.field} changed`
                  : `${change.field}: ${valueLabel(change.field, change.before)} → ${valueLabel(change.field, change.after)}`,
              )
              .join('; ')}
          </span>
        )}
        {entry.detail && <span className="job-meta">{entry.detail}</span>}
      </th>
      <td data-label="Who">{actorLabel(entry)}</td>
      <td data-label="Job">{entry.job_title ?? '—'}</td>
      <td data-label="Candidate">{entry.candidate_name ?? '—'}</td>
      <td data-label="Recruiter">{entry.recruiter_name ?? '—'}</td>
    </tr>
  );
}

/** Who did what on the client's jobs and to its company, newest first, kept current live. */
export default function ActivityPage() {
  useDocumentTitle('Activity');
  const [form, setForm] = useState({ job: '', recruiter: '', type: '', fromDay: '', toDay: '' });
  const filters = filtersOf(form);
  const activity = useActivity(filters);
  const options = useActivityFilterOptions();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [name]: event.target.value }));

  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      await downloadActivityCsv(filters);
    } catch (error) {
      setDownloadError(errorMessage(error));
    } finally {
      setDownloading(false);
    }
  };
  const entries = activity.data?.pages.flatMap((page) => page.activities) ?? [];

  return (
    <div className="page">
      <PageHeader
        eyebrow="Client"
        title="Activity"
        description="Every change on your jobs and to your account: who did it, and what it was before."
        actions={
          <>
            <LastUpdated
              updatedAt={activity.dataUpdatedAt}
              refreshing={activity.isFetching && !activity.isPending}
              failed={activity.isRefetchError && !activity.isFetching}
              onRefresh={() => void activity.refetch()}
            />
            <Button onClick={() => void download()} pending={downloading} pendingLabel="Preparing CSV…">
              Download CSV
            </Button>
          </>
        }
      />
      {downloadError && <Alert tone="error">Could not download the CSV: {downloadError}</Alert>}
      <Card aria-labelledby="activity-filters-title">
        <CardHeader title="Filters" titleId="activity-filters-title" />
        <div className="filters">
          <SelectField label="Job" value={form.job} onChange={set('job')}>
            <option value="">All jobs</option>
            {options.jobs.map((job) => (
              <option key={job.job_id} value={job.job_id}>
                {job.title}
              </option>
            ))}
          </SelectField>
          <SelectField label="Recruiter" value={form.recruiter} onChange={set('recruiter')}>
            <option value="">All recruiters</option>
            {options.recruiters.map((recruiter) => (
              <option key={recruiter.recruiter_id} value={recruiter.recruiter_id}>
                {recruiter.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Type" value={form.type} onChange={set('type')}>
            <option value="">All types</option>
            {ACTIVITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {ACTIVITY_TYPE_LABELS[type]}
              </option>
            ))}
          </SelectField>
          <TextField label="From" type="date" value={form.fromDay} onChange={set('fromDay')} />
          <TextField label="To" type="date" value={form.toDay} onChange={set('toDay')} />
        </div>
      </Card>
      <Card aria-labelledby="activity-title">
        <CardHeader title="What happened" titleId="activity-title" description="Newest first." />
        {activity.isPending ? (
          <Loading label="Loading activity…" />
        ) : activity.isError && !activity.data ? (
          <LoadError error={activity.error} onRetry={() => void activity.refetch()} what="your activity" />
        ) : entries.length === 0 ? (
          <EmptyState title="Nothing yet">Changes on your jobs appear here as they happen.</EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table table-stack">
                <caption className="visually-hidden">Activity, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">Who</th>
                    <th scope="col">Job</th>
                    <th scope="col">Candidate</th>
                    <th scope="col">Recruiter</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <ActivityRow key={entry.activity_id} entry={entry} />
                  ))}
                </tbody>
              </table>
            </div>
            {activity.hasNextPage && (
              <div className="card-footer">
                <Button onClick={() => void activity.fetchNextPage()} pending={activity.isFetchingNextPage} pendingLabel="Loading…">
                  Load more
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
