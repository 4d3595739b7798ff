/**
 * Amounts as people type them in their own locale: "95,000" in English, "95.000" in German,
 * "95 000" anywhere. Intl formats numbers but cannot parse them, so the locale's marks and group
 * sizes are read off a formatted sample and the text is checked against them.
 */

/** The user's locale, as the browser reports it; Intl's default when there is none. */
export function userLocale(): string | undefined {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : undefined;
}

interface NumberShape {
  group: string;
  decimal: string;
  /** Digits in the group nearest the decimal mark (3), and in the groups before it (3; 2 in India). */
  primary: number;
  secondary: number;
}

const shapes = new Map<string, NumberShape>();

function shapeOf(locale: string | undefined): NumberShape {
  const key = locale ?? '';
  let shape = shapes.get(key);
  if (!shape) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(123456789.5);
    const integers = parts.filter((part) => part.type === 'integer').map((part) => part.value.length);
    shape = {
      group: parts.find((part) => part.type === 'group')?.value ?? ',',
      decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
      primary: integers.at(-1) ?? 3,
      secondary: integers.length > 2 ? integers.at(-2)! : (integers.at(-1) ?? 3),
    };
    shapes.set(key, shape);
  }
  return shape;
}

/** Spaces group digits in every locale (as in "95 000") and never mark decimals. */
const SPACES = [' ', '\u00a0', '\u202f'];
const APOSTROPHES = ["'", '’'];

/**
 * The number `text` writes in `locale`, or null when it is not one: group marks only between
 * groups of the locale's size ("9,5000" is refused in English), at most two decimals (money),
 * no sign. So "95.000" in English is refused rather than read as 95.
 */
export function parseLocaleAmount(text: string, locale: string | undefined = userLocale()): number | null {
  const { group, decimal, primary, secondary } = shapeOf(locale);
  const groupMarks = new Set([group, ...SPACES, ...(APOSTROPHES.includes(group) ? APOSTROPHES : [])]);
  groupMarks.delete(decimal);
  const [integerPart = '', fraction, ...rest] = text.trim().split(decimal);
  if (rest.length > 0 || (fraction !== undefined && !/^\d{1,2}$/.test(fraction))) return null;

  const groups = [''];
  for (const character of integerPart) {
    if (groupMarks.has(character)) groups.push('');
    else if (/\d/.test(character)) groups[groups.length - 1] += character;
    else return null;
  }
  if (groups.some((digits) => digits === '')) return null;
  if (groups.length > 1) {
    const [first, ...others] = groups;
    const last = others.pop()!;
    if (first!.length > secondary || last.length !== primary || others.some((digits) => digits.length !== secondary)) return null;
  }
  return Number(`${groups.join('')}${fraction === undefined ? '' : `.${fraction}`}`);
}

/** `value` written as the user's locale writes numbers: 1,000,000,000 or 1.000.000.000. */
export function formatLocaleNumber(value: number, locale: string | undefined = userLocale()): string {
  return new Intl.NumberFormat(locale).format(value);
}
