import { ACTIVITY_TYPE_LABELS, type ActivityEntry } from '#contract';

/**
 * A cell a spreadsheet would read as a formula (or, after a tab or CR, as one) gets a leading
 * apostrophe, so that a candidate named "=HYPERLINK(…)" is text in Excel, LibreOffice and Sheets
 * (OWASP's advice for CSV injection). Names come from recruiters and clients: none is trusted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null): string {
  if (value === null) return '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  // RFC 4180: quoted when it holds a separator, a quote or a line break; quotes doubled.
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly (string | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const ACTIVITY_CSV_HEADER = csvLine([
  'Time (UTC)',
  'Type',
  'What',
  'Actor type',
  'Actor',
  'API key',
  'Recruiter',
  'Job',
  'Candidate',
  'Changes',
  'Detail',
  'Job ID',
  'Candidate ID',
  'Entry ID',
]);

export function activityCsvLine(entry: ActivityEntry): string {
  return csvLine([
    entry.occurred_at,
    entry.type,
    ACTIVITY_TYPE_LABELS[entry.type],
    entry.actor.type,
    entry.actor.name,
    entry.actor.api_key_id,
    entry.recruiter_name,
    entry.job_title,
    entry.candidate_name,
    entry.changes.map((change) => `${change.field}: ${change.before ?? '—'} → ${change.after ?? '—'}`).join('; ') || null,
    entry.detail,
    entry.job_id,
    entry.application_id,
    entry.activity_id,
  ]);
}
