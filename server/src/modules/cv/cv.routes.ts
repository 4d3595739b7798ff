import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApplicationIdParams, CV_CONTENT_TYPES, CV_FIELD_NAME, CV_MAX_BYTES, CvMetadata } from '#contract';
import { AppError } from '../../http/errors';
import { bearerOnly, bearerOrApiKey, errorResponses } from '../../http/schemas';
import { companyUserOf, recruiterIdOf, recruiterOf } from '../auth/auth.hook';
import type { CvDownload, CvService } from './cv.service';
import { attachmentDisposition } from './file-type';

/** Room for the multipart framing around a file of the largest size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const MAX_MB = CV_MAX_BYTES / (1024 * 1024);
/** One file and nothing else. */
const UPLOAD_LIMITS = { fileSize: CV_MAX_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 20, fieldNameSize: 100 };

const FileResponse = {
  description: 'The CV, as stored: PDF or DOCX, as an attachment.',
  content: Object.fromEntries(CV_CONTENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
};

export const cvRoutes: FastifyPluginAsyncTypebox<{ cvs: CvService }> = async (app, { cvs }) => {
  const tags = ['CVs'];

  // The upload sits in a context of its own, the one place that parses multipart: every other
  // route still takes JSON alone. (The rest of the API shares the root context; see app.ts.)
  await app.register(async (uploadContext) => {
    await uploadContext.register(multipart, { limits: UPLOAD_LIMITS });
    uploadContext.withTypeProvider<TypeBoxTypeProvider>().post(
      '/v1/applications/:application_id/cv',
      {
        config: { access: ['recruiter', 'api_key'] as const },
        schema: {
          tags,
          summary: "Upload a candidate's CV (PDF or DOCX, at most 10 MB), replacing any earlier one",
          description:
            `multipart/form-data with one file in the field "${CV_FIELD_NAME}" and nothing else. The type is judged from the file's bytes, ` +
            'not its name or Content-Type: anything but a PDF or a DOCX is 415 unsupported_file_type, more than 10 MB is 413 file_too_large, ' +
            'an empty file 400 empty_file; nothing is stored then. Both sides hear application.updated (has_cv).',
          security: bearerOrApiKey,
          params: ApplicationIdParams,
          consumes: ['multipart/form-data'],
          response: {
            201: CvMetadata,
            ...errorResponses(400, 401, 403, 404, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const file = await readOneFile(request);
        return reply.status(201).send(await cvs.upload(recruiterOf(request), request.params.application_id, file));
      },
    );
  });

  app.get(
    '/v1/applications/:application_id/cv',
    {
      config: { access: ['recruiter', 'api_key'] as const },
      schema: {
        tags,
        summary: "Download a candidate's CV",
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        produces: [...CV_CONTENT_TYPES],
        response: { 200: FileResponse, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => sendFile(reply, await cvs.openForRecruiter(recruiterIdOf(request), request.params.application_id)),
  );

  app.get(
    '/v1/client/applications/:application_id/cv',
    {
      config: { access: ['client'] as const },
      schema: {
        tags,
        summary: "Download the CV of a candidate on one of the client's jobs",
        security: bearerOnly,
        params: ApplicationIdParams,
        produces: [...CV_CONTENT_TYPES],
        response: { 200: FileResponse, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => sendFile(reply, await cvs.openForClient(companyUserOf(request), request.params.application_id)),
  );
};

/**
 * Streamed as an attachment under the stored type, which the browser must not second-guess
 * (nosniff), and kept by no cache: a CV is personal data, and a replaced one must not linger.
 */
function sendFile(reply: FastifyReply, { metadata, content }: CvDownload) {
  return reply
    .header('content-type', metadata.content_type)
    .header('content-length', metadata.size_bytes)
    .header('content-disposition', attachmentDisposition(metadata.file_name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(content);
}

/** The upload's one file, whole (at most CV_MAX_BYTES), or the reason it is refused in the API's error shape. */
async function readOneFile(request: FastifyRequest): Promise<{ fileName: string; bytes: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', `Send the CV as multipart/form-data, the file in the field "${CV_FIELD_NAME}".`);
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > CV_MAX_BYTES + MULTIPART_OVERHEAD_BYTES) throw tooLarge();
  let file: { fileName: string; bytes: Buffer } | null = null;
  try {
    for await (const part of request.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type !== 'file' || part.fieldname !== CV_FIELD_NAME || file) throw oneFileOnly();
      file = { fileName: part.filename ?? '', bytes: await part.toBuffer() };
    }
  } catch (error) {
    throw uploadError(error);
  }
  if (!file) throw new AppError('validation_failed', `No file: send the CV in the multipart field "${CV_FIELD_NAME}".`);
  return file;
}

const tooLarge = () => new AppError('file_too_large', `A CV may be at most ${MAX_MB} MB.`);
const oneFileOnly = () => new AppError('validation_failed', `Send exactly one file, in the field "${CV_FIELD_NAME}", and no other fields.`);

/** The multipart parser's complaints, in the API's words. */
function uploadError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION') return oneFileOnly();
  return new AppError('validation_failed', 'The multipart body could not be read.');
}
