import { INTERVIEWS_AHEAD_DEFAULT_DAYS, type InterviewAhead } from '#contract';
import { Link } from 'react-router';
import { AddToCalendarButton } from '../../../components/calendar/AddToCalendarButton';
import { Card, CardHeader } from '../../../components/ui/Card';
import { EmptyState, LoadError, Loading } from '../../../components/ui/QueryState';
import { INTERVIEW_KIND_LABELS, formatDateTime, formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { isWebAddress } from '../../../lib/web-address';
import { useInterviewsAhead } from '../api/list-interviews-ahead';

/**
 * The client's next interviews (the next 14 days, soonest first), each with an "Add to calendar"
 * download; live events refetch it, so an interview scheduled elsewhere appears without a reload.
 */
export function InterviewsAheadPanel() {
  const ahead = useInterviewsAhead();
  const now = useNow(60_000);
  const interviews = ahead.data?.interviews ?? [];

  return (
    <Card aria-labelledby="interviews-ahead-title" className="interviews-ahead">
      <CardHeader
        title="Interviews ahead"
        titleId="interviews-ahead-title"
        description={`Scheduled in the next ${INTERVIEWS_AHEAD_DEFAULT_DAYS} days, soonest first, in your time zone.`}
      />
      {ahead.isPending ? (
        <Loading label="Loading interviews…" />
      ) : ahead.isError && !ahead.data ? (
        <LoadError error={ahead.error} onRetry={() => void ahead.refetch()} what="your interviews ahead" />
      ) : interviews.length === 0 ? (
        <EmptyState title={`No interviews in the next ${INTERVIEWS_AHEAD_DEFAULT_DAYS} days`}>
          When a recruiter schedules an interview with one of your candidates, it appears here.
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table-stack interviews-ahead-table">
              <caption className="visually-hidden">Interviews ahead</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Candidate</th>
                  <th scope="col">Job</th>
                  <th scope="col">Type</th>
                  <th scope="col">
                    <span className="visually-hidden">Calendar</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {interviews.map((interview) => (
                  <InterviewAheadRow key={interview.interview_id} interview={interview} now={now} />
                ))}
              </tbody>
            </table>
          </div>
          {ahead.data?.next_cursor && (
            <p className="card-footer">
              More interviews follow in the next {INTERVIEWS_AHEAD_DEFAULT_DAYS} days: each job&rsquo;s page lists all of its own.
            </p>
          )}
        </>
      )}
    </Card>
  );
}

function InterviewAheadRow({ interview, now }: { interview: InterviewAhead; now: number }) {
  return (
    <tr data-interview-id={interview.interview_id}>
      <td data-label="When" className="nowrap">
        <time dateTime={interview.scheduled_at}>{formatDateTime(interview.scheduled_at, now)}</time>
        {interview.duration_minutes !== null && <span className="cell-meta">{formatDuration(interview.duration_minutes)}</span>}
      </td>
      <th scope="row" data-label="Candidate">
        {interview.candidate_name}
      </th>
      <td data-label="Job">
        <Link to={`/client/jobs/${encodeURIComponent(interview.job_id)}`}>{interview.job_title}</Link>
      </td>
      <td data-label="Type">
        {INTERVIEW_KIND_LABELS[interview.kind]}
        {interview.interviewer_name && <span className="cell-meta">with {interview.interviewer_name}</span>}
        {interview.meeting_url && isWebAddress(interview.meeting_url) && (
          <a className="cell-meta" href={interview.meeting_url} target="_blank" rel="noopener noreferrer">
            Meeting link<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        )}
      </td>
      <td className="cell-actions">
        <AddToCalendarButton
          path={`/v1/client/interviews/${encodeURIComponent(interview.interview_id)}.ics`}
          interviewId={interview.interview_id}
          candidateName={interview.candidate_name}
        />
      </td>
    </tr>
  );
}
