import { describe, expect, it } from 'vitest';
import { formatLocaleNumber, parseLocaleAmount } from './locale-number';

describe('amounts typed in the user’s locale', () => {
  it.each([
    ['en-US', '95,000', 95_000],
    ['en-US', '95000', 95_000],
    ['en-US', '95 000', 95_000],
    ['en-US', '1,234,567.5', 1_234_567.5],
    ['en-US', ' 95,000.00 ', 95_000],
    ['de-DE', '95.000', 95_000],
    ['de-DE', '95 000', 95_000],
    ['de-DE', '95.000,50', 95_000.5],
    ['fr-FR', '95 000', 95_000],
    ['fr-FR', '95\u202f000,5', 95_000.5],
    ['de-CH', "95'000", 95_000],
    ['de-CH', '95’000', 95_000],
    ['en-IN', '12,34,567', 1_234_567],
    ['en-US', '0', 0],
  ])('reads %s "%s" as %d', (locale, text, amount) => {
    expect(parseLocaleAmount(text, locale)).toBe(amount);
  });

  it.each([
    ['en-US', '95.000', 'three decimals: a German "95.000" in English'],
    ['de-DE', '95,000', 'three decimals: an English "95,000" in German'],
    ['en-US', '9,5000', 'a group of four'],
    ['en-US', '95,00', 'a group of two'],
    ['en-US', ',95', 'a group mark first'],
    ['en-US', '95,', 'a group mark last'],
    ['en-US', '1.2.3', 'two decimal marks'],
    ['en-US', '-5', 'a sign'],
    ['en-US', '95k', 'a letter'],
    ['en-US', '', 'nothing'],
    ['en-IN', '1,234,567', 'groups of three where India writes two'],
  ])('refuses %s "%s" (%s)', (locale, text) => {
    expect(parseLocaleAmount(text, locale)).toBeNull();
  });

  it('writes numbers back in the same locale', () => {
    expect(formatLocaleNumber(1_000_000_000, 'en-US')).toBe('1,000,000,000');
    expect(formatLocaleNumber(1_000_000_000, 'de-DE')).toBe('1.000.000.000');
  });
});
