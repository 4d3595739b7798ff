import type { Application } from '#contract';
import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { CV_ACCEPT, cvProblem, uploadCv } from '../api/cv-files';
import { CvDownloadButton } from './CvDownloadButton';

type UploadState =
  | { kind: 'idle' }
  | { kind: 'uploading'; sent: number; total: number; name: string }
  | { kind: 'done'; name: string }
  | { kind: 'failed'; message: string };

/**
 * A candidate's CV on the recruiter's job page: drop a PDF or DOCX on the box (or choose one),
 * watch it go up, download what is on file. A new upload replaces the old one.
 */
export function CvUpload({ application }: { application: Application }) {
  const inputId = useId();
  const hintId = useId();
  const statusId = useId();
  const queryClient = useQueryClient();
  const [state, setState] = useState<UploadState>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const inFlight = useRef<AbortController | null>(null);
  const name = application.candidate_name;
  useEffect(() => () => inFlight.current?.abort(), []);

  function send(file: File | undefined) {
    if (!file || state.kind === 'uploading') return;
    const problem = cvProblem(file);
    if (problem) {
      setState({ kind: 'failed', message: problem });
      return;
    }
    const controller = new AbortController();
    inFlight.current = controller;
    setState({ kind: 'uploading', sent: 0, total: file.size, name: file.name });
    uploadCv(application.application_id, file, (sent, total) => setState({ kind: 'uploading', sent, total, name: file.name }), controller.signal)
      .then((cv) => {
        setState({ kind: 'done', name: cv.file_name });
        return queryClient.invalidateQueries({ queryKey: queryKeys.recruiter.jobs() });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'failed', message: errorMessage(error) });
      });
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    send(event.dataTransfer.files[0]);
  }

  const percent = state.kind === 'uploading' && state.total > 0 ? Math.round((state.sent / state.total) * 100) : 0;
  return (
    <div
      className={`cv-drop${dragging ? ' cv-drop-active' : ''}`}
      data-cv-for={application.application_id}
      onDragEnter={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="cv-drop-row">
        {application.has_cv && <CvDownloadButton role="recruiter" applicationId={application.application_id} candidateName={name} />}
        <input
          id={inputId}
          className="visually-hidden cv-file-input"
          type="file"
          accept={CV_ACCEPT}
          aria-describedby={hintId}
          disabled={state.kind === 'uploading'}
          onChange={(event) => {
            send(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        <label htmlFor={inputId} className="button button-ghost button-sm cv-choose">
          {application.has_cv ? 'Replace CV' : 'Upload CV'}
          <span className="visually-hidden"> for {name}</span>
        </label>
        <span className="cv-hint" id={hintId}>
          or drop a PDF or DOCX here (up to 10 MB)
        </span>
      </div>
      {state.kind === 'uploading' && (
        <div className="cv-progress">
          <progress max={100} value={percent} aria-label={`Uploading ${state.name}`} aria-describedby={statusId} />
          <span id={statusId}>{percent}%</span>
        </div>
      )}
      {state.kind === 'done' && (
        <p className="visually-hidden" role="status">
          CV {state.name} uploaded for {name}.
        </p>
      )}
      {state.kind === 'failed' && (
        <p className="inline-error" role="alert">
          Could not upload the CV: {state.message}
        </p>
      )}
    </div>
  );
}
