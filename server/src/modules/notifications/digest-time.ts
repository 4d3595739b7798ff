/**
 * When the daily digest is due, in a user's time zone, with the runtime's own zone data (Intl):
 * the latest moment at or before `nowMs` that is `hour`:00 local time, and that local date.
 */
export function latestDigestMoment(nowMs: number, timeZone: string, hour: number): { date: string; atMs: number } {
  const today = localParts(nowMs, timeZone);
  let date = Date.UTC(today.year, today.month - 1, today.day);
  let atMs = localTimeToUtc(date, hour, timeZone);
  if (atMs > nowMs) {
    date -= 24 * 60 * 60_000;
    atMs = localTimeToUtc(date, hour, timeZone);
  }
  return { date: new Date(date).toISOString().slice(0, 10), atMs };
}

/** The UTC instant of `hour`:00 on the local calendar day `dateMs` (midnight UTC of that date). */
function localTimeToUtc(dateMs: number, hour: number, timeZone: string): number {
  const wall = dateMs + hour * 60 * 60_000;
  // Two rounds settle the offset across a DST change; an hour skipped by DST comes out an hour later.
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return guess;
}

function offsetMs(atMs: number, timeZone: string): number {
  const parts = localParts(atMs, timeZone);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(atMs: number, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const values: Record<string, number> = {};
  for (const part of format.formatToParts(atMs)) if (part.type !== 'literal') values[part.type] = Number(part.value);
  return { year: values.year!, month: values.month!, day: values.day!, hour: values.hour!, minute: values.minute!, second: values.second! };
}
