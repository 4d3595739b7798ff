import { Type, type Static } from '@sinclair/typebox';
import { Id, StringEnum, Timestamp } from './common';

/**
 * A candidate's CV: one file per application, PDF or DOCX, at most CV_MAX_BYTES. The server
 * judges the type from the file's first bytes (never its name or the Content-Type it came with);
 * the web app checks the size before sending, so a refusal arrives before the upload does.
 */
export const CV_MAX_BYTES = 10 * 1024 * 1024;

export const CV_CONTENT_TYPES = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;
export type CvContentType = (typeof CV_CONTENT_TYPES)[number];

/** The multipart field the file travels in. */
export const CV_FIELD_NAME = 'file';

export const CvMetadata = Type.Object({
  application_id: Id,
  file_name: Type.String({ description: 'As uploaded, without any path, its extension made to match the type found in the bytes.' }),
  content_type: StringEnum(CV_CONTENT_TYPES, { description: 'Judged from the file itself: PDF or DOCX.' }),
  size_bytes: Type.Integer({ minimum: 1, maximum: CV_MAX_BYTES }),
  uploaded_at: Timestamp,
});
export type CvMetadata = Static<typeof CvMetadata>;
