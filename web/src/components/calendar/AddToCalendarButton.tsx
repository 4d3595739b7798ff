import { interviewCalendarFileName } from '#contract';
import { useState } from 'react';
import { apiFile, errorMessage } from '../../lib/api-client';
import { saveFile } from '../../lib/save-file';
import { Button } from '../ui/Button';

/**
 * "Add to calendar": downloads the interview as an iCalendar (.ics) file, which calendar programs
 * open as an event. `path` is the caller's own route to it (the client's or the recruiter's); it is
 * fetched with the session's token, so the button works where a plain link could not.
 */
export function AddToCalendarButton({ path, interviewId, candidateName }: { path: string; interviewId: string; candidateName: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setPending(true);
    setError(null);
    try {
      saveFile(await apiFile(path), interviewCalendarFileName(interviewId));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="calendar-download">
      <Button size="sm" variant="ghost" pending={pending} pendingLabel="Downloading…" onClick={() => void download()}>
        Add to calendar<span className="visually-hidden"> (.ics file): interview with {candidateName}</span>
      </Button>
      {error && (
        <span className="cell-meta calendar-download-error" role="alert">
          Could not download the calendar file: {error}
        </span>
      )}
    </span>
  );
}
