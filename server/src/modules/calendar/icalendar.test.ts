import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type CalendarEvent, escapeText, foldLine, formatUtc, writeCalendar } from './icalendar';

const event = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'interview-1b4e28ba@hirelink',
  stamp: '2026-11-30T09:15:00.000Z',
  start: '2026-12-03T13:30:00.000Z',
  end: '2026-12-03T14:15:00.000Z',
  summary: 'Video call interview: Jane Doe – Platform Engineer',
  status: 'CONFIRMED',
  ...overrides,
});

/** What a calendar program reads back: ical.js, Mozilla's parser (Thunderbird's). */
function parseBack(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const value = (name: string) => vevent.getFirstPropertyValue(name);
  return { calendar, vevent, value };
}

describe('iCalendar TEXT escaping', () => {
  it('escapes backslashes, semicolons and commas, writes line breaks as \\n and drops other control characters', () => {
    expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    expect(escapeText('one\ntwo\r\nthree\rfour')).toBe('one\\ntwo\\nthree\\nfour');
    expect(escapeText('tab\tstays, bell\u0007 and escape\u001b go')).toBe('tab\tstays\\, bell and escape go');
    expect(escapeText('Zoë 😀 Ünïcode')).toBe('Zoë 😀 Ünïcode');
  });
});

describe('iCalendar line folding', () => {
  const octets = (line: string) => Buffer.byteLength(line, 'utf8');

  it('leaves a line of 75 octets alone and folds the 76th onto a line starting with a space', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    const folded = foldLine('y'.repeat(300)).split('\r\n');
    expect(folded.map(octets)).toEqual([75, 75, 75, 75, 4]);
    expect(folded.slice(1).every((line) => line.startsWith(' '))).toBe(true);
  });

  it('never splits a UTF-8 character, however the octets fall', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.string({ maxLength: 5 }), (text, prefix) => {
        const line = `SUMMARY:${prefix}${text}`;
        const lines = foldLine(line).split('\r\n');
        for (const [index, part] of lines.entries()) {
          expect(octets(part)).toBeLessThanOrEqual(75);
          if (index > 0) expect(part.startsWith(' ')).toBe(true);
          // A split inside a character would leave a lone surrogate, which does not survive UTF-8.
          expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
        }
        // Unfolding gives the line back.
        expect(lines.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
      }),
    );
  });
});

describe('iCalendar UTC times', () => {
  it('writes DATE-TIME in UTC with a Z, whatever offset the input had', () => {
    expect(formatUtc('2026-12-03T13:30:00.000Z')).toBe('20261203T133000Z');
    expect(formatUtc('2026-12-03T14:30:45+01:00')).toBe('20261203T133045Z');
    expect(() => formatUtc('not a time')).toThrow();
  });
});

describe('iCalendar file', () => {
  it('is a VCALENDAR with one VEVENT, CRLF line ends throughout, no line over 75 octets', () => {
    const text = writeCalendar([event({ description: `A long description. ${'word, '.repeat(40)}` })]);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toContain('\r\nDTSTART:20261203T133000Z\r\n');
    expect(text).toContain('\r\nDTEND:20261203T141500Z\r\n');
    expect(text).toContain('\r\nDTSTAMP:20261130T091500Z\r\n');
  });

  it('parses back, with ical.js, to exactly what was written: escapes, folds and unicode included', () => {
    const nasty = 'Zoë "Z" O’Brien; Jr., PhD\\MBA 😀\nsecond line';
    const text = writeCalendar([
      event({
        summary: `Interview: ${nasty}`,
        description: `Candidate: ${nasty}\nJob: Head of Things, Stuff; and More\n${'Długi opis — '.repeat(20)}`,
        location: 'https://meet.example.com/abc-defg-hij?pwd=a,b;c',
        url: 'https://meet.example.com/abc-defg-hij?pwd=a,b;c',
        created: '2026-11-29T08:00:00.000Z',
        lastModified: '2026-11-30T09:15:00.000Z',
        sequence: 3600,
      }),
    ]);
    const { calendar, value, vevent } = parseBack(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(value('uid')).toBe('interview-1b4e28ba@hirelink');
    expect(value('summary')).toBe(`Interview: ${nasty}`);
    expect(value('description')).toBe(`Candidate: ${nasty}\nJob: Head of Things, Stuff; and More\n${'Długi opis — '.repeat(20)}`);
    expect(value('location')).toBe('https://meet.example.com/abc-defg-hij?pwd=a,b;c');
    expect(value('url')).toBe('https://meet.example.com/abc-defg-hij?pwd=a,b;c');
    expect(value('status')).toBe('CONFIRMED');
    expect(value('sequence')).toBe(3600);
    const icalEvent = new ICAL.Event(vevent);
    expect(icalEvent.startDate.toJSDate().toISOString()).toBe('2026-12-03T13:30:00.000Z');
    expect(icalEvent.endDate.toJSDate().toISOString()).toBe('2026-12-03T14:15:00.000Z');
    expect(icalEvent.startDate.zone.tzid).toBe('UTC');
    expect((value('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-11-30T09:15:00.000Z');
  });

  it('round-trips any text through ical.js', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), fc.string({ maxLength: 200 }), (summary, description) => {
        const { value } = parseBack(writeCalendar([event({ summary, description: description || undefined })]));
        // Line breaks come back as \n, control characters are dropped: that is what TEXT can hold.
        // eslint-disable-next-line no-control-regex -- the control characters TEXT cannot hold
        const expected = (text: string) => text.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
        expect(value('summary') ?? '').toBe(expected(summary));
        if (description) expect(value('description') ?? '').toBe(expected(description));
      }),
      { numRuns: 300 },
    );
  });

  it('marks a cancelled event CANCELLED and leaves out a URL that is not a plain web address', () => {
    const text = writeCalendar([event({ status: 'CANCELLED', url: 'javascript:alert(1)' }), event({ uid: 'b', url: 'https://x.test/a b' })]);
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(text).not.toContain('\r\nURL:');
    expect(new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent')).toHaveLength(2);
  });
});
