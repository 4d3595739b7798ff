import { CV_FIELD_NAME, CV_MAX_BYTES, type CvMetadata, type ErrorResponse } from '#contract';
import { ApiError, NETWORK_ERROR_MESSAGE, segment } from '../../../lib/api-client';
import type { Role } from '../../../lib/session';
import { sessionStore } from '../../../lib/session';

/** Where a candidate's CV is read: each side through its own, scoped route. */
export const cvPath = (role: Role, applicationId: string) =>
  role === 'client' ? `/v1/client/applications/${segment(applicationId)}/cv` : `/v1/applications/${segment(applicationId)}/cv`;

export const CV_ACCEPT = '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What can be told before sending: the server judges the type from the bytes and has the last word. */
export function cvProblem(file: File): string | null {
  if (file.size === 0) return 'This file is empty.';
  if (file.size > CV_MAX_BYTES)
    return `A CV may be at most ${CV_MAX_BYTES / (1024 * 1024)} MB; this file is ${(file.size / (1024 * 1024)).toFixed(1)} MB.`;
  return null;
}

function toApiError(status: number, text: string, hadToken: boolean): ApiError {
  let payload: Partial<ErrorResponse> | null = null;
  try {
    payload = JSON.parse(text) as Partial<ErrorResponse>;
  } catch {
    payload = null;
  }
  const error =
    payload && typeof payload.error === 'string' && typeof payload.message === 'string'
      ? new ApiError(status, payload.error, payload.message)
      : new ApiError(
          status,
          'http_error',
          status >= 500 ? 'Hirelink is having trouble right now. Please try again in a moment.' : `The request failed (HTTP ${status}).`,
        );
  if (status === 401 && hadToken) sessionStore.expire(error.message);
  return error;
}

/**
 * Uploads a CV with XMLHttpRequest, the one browser API that reports upload progress
 * (`onProgress(sent, total)`); fetch cannot yet. The token goes in the header, as everywhere.
 */
export function uploadCv(
  applicationId: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<CvMetadata> {
  return new Promise((resolve, reject) => {
    const token = sessionStore.getState().session?.token;
    const request = new XMLHttpRequest();
    request.open('POST', cvPath('recruiter', applicationId));
    request.setRequestHeader('Accept', 'application/json');
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        try {
          resolve(JSON.parse(request.responseText) as CvMetadata);
        } catch {
          reject(new ApiError(request.status, 'invalid_response', 'The server sent an unreadable answer. Please try again.'));
        }
      } else {
        reject(toApiError(request.status, request.responseText, !!token));
      }
    };
    request.onerror = () => reject(new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE));
    request.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append(CV_FIELD_NAME, file, file.name);
    request.send(form);
  });
}

/** The file name the server gave in Content-Disposition (the UTF-8 `filename*` first). */
export function fileNameFrom(disposition: string | null): string {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(disposition ?? '')?.[1] || 'cv';
}

/**
 * Downloads a CV and hands it to the browser as a file. A plain link cannot carry the token
 * (which never goes in a URL), so the file is fetched with it and saved from memory.
 */
export async function downloadCv(role: Role, applicationId: string): Promise<void> {
  const token = sessionStore.getState().session?.token;
  let response: Response;
  try {
    response = await fetch(cvPath(role, applicationId), {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
  }
  if (!response.ok) throw toApiError(response.status, await response.text().catch(() => ''), !!token);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response.headers.get('Content-Disposition'));
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; give the browser a moment to take it.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
