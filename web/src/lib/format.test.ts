import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDateTime } from './format';

describe('interview dates', () => {
  afterEach(() => vi.useRealTimers());

  it('show the year whenever it is not the current one', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 30, 12, 0));
    expect(formatDateTime(new Date(2020, 0, 1, 9, 0).toISOString())).toMatch(/2020/);
    expect(formatDateTime(new Date(2027, 0, 4, 9, 0).toISOString())).toMatch(/2027/);
    expect(formatDateTime(new Date(2026, 11, 1, 9, 0).toISOString())).not.toMatch(/2026/);
  });
});
