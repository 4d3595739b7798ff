import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CvContentType, CvMetadata } from '#contract';
import type { Db, Executor } from '../../db/database';
import type { CvsTable } from '../../db/schema';
import { AppError, notFound } from '../../http/errors';
import type { CompanyActor, RecruiterActor } from '../auth/principal';
import type { ApplicationRef, PipelineService } from '../pipeline/pipeline.service';
import type { FileStore } from './file-store';
import { cvFileName, detectCvType } from './file-type';
import { cvRepository as repo } from './cv.repository';

export interface CvDownload {
  metadata: CvMetadata;
  content: Readable;
}

/**
 * Candidates' CVs: one per candidate, PDF or DOCX, uploaded by the job's recruiter and read by
 * the recruiter and by a client that may see the candidate. Bytes go to the file store; the row
 * that names them, the candidate's has_cv and the live event are written in one transaction.
 */
export function createCvService({
  db,
  pipeline,
  store,
  onClientDownload,
}: {
  db: Db;
  pipeline: PipelineService;
  store: FileStore;
  /** Told, in a transaction before the bytes go out, that a client downloads a candidate's CV (the activity log keeps that read). */
  onClientDownload?: (trx: Executor, by: CompanyActor, application: ApplicationRef) => Promise<void>;
}) {
  // A candidate removed (added by mistake) takes its CV with it, in the same transaction.
  pipeline.onApplicationRemoved(async (trx, application) => {
    const removed = await repo.remove(trx, application.application_id);
    if (removed) await store.delete(removed.file_key, trx);
  });
  // Jobs approved onto a client's dashboard bring their CVs to the client's reads.
  pipeline.onJobsAttachedToClient((trx, jobIds, clientId) => repo.setClientOfJobs(trx, jobIds, clientId));

  async function open(row: CvsTable | undefined): Promise<CvDownload> {
    if (!row) throw notFound('CV');
    const content = await store.get(row.file_key);
    // Replaced or removed between the two reads: as if it had never been there.
    if (!content) throw notFound('CV');
    return { metadata: toMetadata(row), content };
  }

  return {
    /** Stores (or replaces) a candidate's CV; refuses, storing nothing, anything that is not a PDF or DOCX by its bytes. */
    async upload(by: RecruiterActor, applicationId: string, file: { fileName: string; bytes: Buffer }): Promise<CvMetadata> {
      if (file.bytes.length === 0) throw new AppError('empty_file', 'The file is empty.');
      const type = detectCvType(file.bytes);
      if (!type) throw new AppError('unsupported_file_type', 'A CV must be a PDF or a Word document (.docx); this file is neither.');
      return db.transaction().execute(async (trx) => {
        const application = await pipeline.findOwnedApplicationForChange(trx, by.recruiterId, applicationId);
        if (!application) throw notFound('Application');
        const now = new Date().toISOString();
        const row: CvsTable = {
          application_id: application.application_id,
          job_id: application.job_id,
          recruiter_id: application.recruiter_id,
          client_id: application.client_id,
          file_key: `cv/${randomUUID()}`,
          file_name: cvFileName(file.fileName, type),
          content_type: type,
          size_bytes: file.bytes.length,
          uploaded_at: now,
        };
        await store.put(row.file_key, file.bytes, trx);
        const previous = await repo.replace(trx, row);
        if (previous) await store.delete(previous.file_key, trx);
        await pipeline.setHasCv(trx, by, application.application_id, true, now);
        return toMetadata(row);
      });
    },

    async openForRecruiter(recruiterId: string, applicationId: string): Promise<CvDownload> {
      return open(await repo.findForRecruiter(db, recruiterId, applicationId));
    },

    /** For a client: only a candidate it may see (the pipeline's rule), and then 404 alike for no CV. */
    async openForClient(by: CompanyActor, applicationId: string): Promise<CvDownload> {
      const { clientId } = by;
      const application = await pipeline.findApplicationVisibleToClient(db, clientId, applicationId);
      if (!application) throw notFound('CV');
      const download = await open(await repo.findForClient(db, clientId, application.application_id));
      try {
        if (onClientDownload) await db.transaction().execute((trx) => onClientDownload(trx, by, application));
      } catch (error) {
        download.content.destroy();
        throw error;
      }
      return download;
    },
  };
}

export type CvService = ReturnType<typeof createCvService>;

function toMetadata(row: CvsTable): CvMetadata {
  return {
    application_id: row.application_id,
    file_name: row.file_name,
    content_type: row.content_type as CvContentType,
    size_bytes: row.size_bytes,
    uploaded_at: row.uploaded_at,
  };
}
