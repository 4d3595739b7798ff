/**
 * A small iCalendar (RFC 5545) writer: one VCALENDAR of VEVENTs, which is all Hirelink hands out.
 * Hand-written because what it needs is little and exact: TEXT escaping (§3.3.11), UTC DATE-TIMEs
 * (§3.3.5), line folding at 75 octets without splitting a UTF-8 character (§3.1), CRLF line ends.
 * Its output is parsed back by ical.js (Mozilla's parser) in icalendar.test.ts.
 */

export interface CalendarEvent {
  /** Globally unique and stable: the same interview always has the same UID, so a calendar updates it rather than adding a copy. */
  uid: string;
  /** DTSTAMP: without METHOD, when the event's information was last revised (§3.8.7.2). */
  stamp: string;
  start: string;
  end: string;
  created?: string;
  lastModified?: string;
  /** Goes up with every revision, so a calendar takes a newer file over an older one. */
  sequence?: number;
  summary: string;
  description?: string;
  location?: string;
  /** An http(s) address (URI value, not TEXT: never escaped); anything else is left out. */
  url?: string;
  status: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/**
 * A TEXT value (§3.3.11): backslash, semicolon and comma escaped, every line break as `\n`, and other
 * control characters (which TEXT may not hold) dropped; a tab stays.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- dropping control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/**
 * Folds one content line (§3.1): no line longer than 75 octets (without its CRLF), each continuation
 * starting with one space, and never inside a UTF-8 sequence (a character is kept whole).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  // The first line may hold 75 octets; each continuation line 74 after its leading space.
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** A UTC DATE-TIME (§3.3.5, form 2): `20261203T143000Z`. Seconds are kept; milliseconds are not. */
export function formatUtc(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`Not a date-time: ${iso}`);
  return new Date(time)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

const SAFE_URI = /^https?:\/\/[!#-;=?-[\]_a-z~%]+$/i;

/** The whole file: VCALENDAR with one VEVENT per event, every line folded and ended with CRLF. */
export function writeCalendar(events: readonly CalendarEvent[], productId = '-//Hirelink//Interviews//EN'): string {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${productId}`, 'CALSCALE:GREGORIAN'];
  for (const event of events) {
    lines.push('BEGIN:VEVENT');
    lines.push(`UID:${escapeText(event.uid)}`);
    lines.push(`DTSTAMP:${formatUtc(event.stamp)}`);
    if (event.created) lines.push(`CREATED:${formatUtc(event.created)}`);
    if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
    if (event.sequence !== undefined) lines.push(`SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`);
    lines.push(`DTSTART:${formatUtc(event.start)}`);
    lines.push(`DTEND:${formatUtc(event.end)}`);
    lines.push(`SUMMARY:${escapeText(event.summary)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.url && SAFE_URI.test(event.url)) lines.push(`URL:${event.url}`);
    lines.push(`STATUS:${event.status}`);
    lines.push('TRANSP:OPAQUE');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
