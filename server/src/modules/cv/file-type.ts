import type { CvContentType } from '#contract';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const ZIP_LOCAL_FILE = 0x04034b50;
const ZIP_CENTRAL_FILE = 0x02014b50;
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** The end record is 22 bytes, followed by a comment of at most 65,535. */
const ZIP_END_MAX_DISTANCE = 22 + 0xffff;

/**
 * What a CV upload is, judged from its bytes alone (never its name or the Content-Type it was
 * sent with): a PDF starts with `%PDF-`; a DOCX is a ZIP archive whose central directory lists
 * `word/document.xml`. A macro-enabled Word file (a .docm, which carries `word/vbaProject.bin`)
 * is not a DOCX, whatever it is called. Anything else, or a ZIP too damaged to read, is null.
 */
export function detectCvType(bytes: Buffer): CvContentType | null {
  if (bytes.length >= PDF_MAGIC.length && bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'application/pdf';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === ZIP_LOCAL_FILE) {
    const names = zipEntryNames(bytes);
    if (names?.has('word/document.xml') && !names.has('word/vbaProject.bin')) {
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    }
  }
  return null;
}

/** The names in a ZIP archive's central directory; null when there is none to be read (or ZIP64, which no CV needs). */
export function zipEntryNames(bytes: Buffer): Set<string> | null {
  const end = findEndOfCentralDirectory(bytes);
  if (end === null) return null;
  const entries = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const start = bytes.readUInt32LE(end + 16);
  if (entries === 0xffff || start === 0xffffffff || start + size > end) return null;
  const names = new Set<string>();
  let at = start;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== ZIP_CENTRAL_FILE) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    if (at + 46 + nameLength > end) return null;
    names.add(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function findEndOfCentralDirectory(bytes: Buffer): number | null {
  const lowest = Math.max(0, bytes.length - ZIP_END_MAX_DISTANCE);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) === ZIP_END_OF_CENTRAL_DIRECTORY) return at;
  }
  return null;
}

const EXTENSIONS: Record<CvContentType, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/**
 * The name a CV is kept and offered under: the uploaded name without any path, control or
 * invisible formatting characters (a right-to-left override can make `cv‮fdp.exe` read as
 * `cvexe.pdf`), at most 150 characters, and with the extension of the type its bytes are.
 */
export function cvFileName(uploaded: string, type: CvContentType): string {
  const base = uploaded
    .normalize('NFC')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim()
    .replace(/(.)\.[A-Za-z0-9]{1,10}$/, '$1')
    .trim();
  const stem = [...(base || 'cv')].slice(0, 150).join('').trim();
  return `${stem}.${EXTENSIONS[type]}`;
}

/**
 * `Content-Disposition: attachment` for a file name (RFC 6266): an ASCII-only `filename` for
 * old clients, and the exact name UTF-8 percent-encoded in `filename*` (RFC 8187, ex 5987).
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
