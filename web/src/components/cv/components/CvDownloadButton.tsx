import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { errorMessage } from '../../../lib/api-client';
import type { Role } from '../../../lib/session';
import { downloadCv } from '../api/cv-files';

/** "Download CV" for a candidate who has one, on either side's job page. */
export function CvDownloadButton({ role, applicationId, candidateName }: { role: Role; applicationId: string; candidateName: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        pending={pending}
        pendingLabel="Downloading…"
        onClick={() => {
          setPending(true);
          setError(null);
          downloadCv(role, applicationId)
            .catch((reason: unknown) => setError(errorMessage(reason)))
            .finally(() => setPending(false));
        }}
      >
        Download CV<span className="visually-hidden"> of {candidateName}</span>
      </Button>
      {error && (
        <p className="inline-error" role="alert">
          Could not download the CV: {error}
        </p>
      )}
    </>
  );
}
