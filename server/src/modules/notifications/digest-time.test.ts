import { describe, expect, it } from 'vitest';
import { latestDigestMoment } from './digest-time';

const at = (iso: string) => Date.parse(iso);
const moment = (nowIso: string, zone: string, hour = 8) => {
  const { date, atMs } = latestDigestMoment(at(nowIso), zone, hour);
  return { date, at: new Date(atMs).toISOString() };
};

describe('the daily digest moment', () => {
  it('is the last DIGEST_HOUR:00 in the user’s time zone, with that local date', () => {
    expect(moment('2026-12-01T07:59:59Z', 'UTC')).toEqual({ date: '2026-11-30', at: '2026-11-30T08:00:00.000Z' });
    expect(moment('2026-12-01T08:00:00Z', 'UTC')).toEqual({ date: '2026-12-01', at: '2026-12-01T08:00:00.000Z' });
    expect(moment('2026-12-01T12:00:00Z', 'America/New_York')).toEqual({ date: '2026-11-30', at: '2026-11-30T13:00:00.000Z' });
    expect(moment('2026-12-01T13:30:00Z', 'America/New_York')).toEqual({ date: '2026-12-01', at: '2026-12-01T13:00:00.000Z' });
    // East of UTC the local day starts earlier: 8:00 in Tokyo is 23:00 UTC the day before.
    expect(moment('2026-12-01T00:30:00Z', 'Asia/Tokyo')).toEqual({ date: '2026-12-01', at: '2026-11-30T23:00:00.000Z' });
    expect(moment('2026-12-01T10:00:00Z', 'Asia/Kolkata', 0)).toEqual({ date: '2026-12-01', at: '2026-11-30T18:30:00.000Z' });
  });

  it('follows daylight saving time', () => {
    // Berlin: UTC+1 in winter, UTC+2 from 29 March 2026.
    expect(moment('2026-03-28T12:00:00Z', 'Europe/Berlin').at).toBe('2026-03-28T07:00:00.000Z');
    expect(moment('2026-03-29T12:00:00Z', 'Europe/Berlin').at).toBe('2026-03-29T06:00:00.000Z');
    // An hour that does not exist that night (2:00 → 3:00) comes an hour later, never twice or not at all.
    expect(moment('2026-03-29T12:00:00Z', 'Europe/Berlin', 2).at).toBe('2026-03-29T01:00:00.000Z');
    expect(moment('2026-10-25T12:00:00Z', 'Europe/Berlin').at).toBe('2026-10-25T07:00:00.000Z');
  });
});
