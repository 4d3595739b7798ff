import { describe, expect, it } from 'vitest';
import { isWellFormedConnectionId, normaliseConnectionId, parseConnectionId } from './connection-id';

describe('connection ID normalisation', () => {
  const id = '69820a17e7a0f72f1ead7aca';

  it.each([
    ['as shown on the dashboard', id],
    ['in upper case', id.toUpperCase()],
    ['with surrounding whitespace', `  ${id}\n`],
    ['in dash-separated groups', '69820A17-E7A0-F72F-1EAD-7ACA'],
    ['with spaces, colons, underscores and dots', '6982 0a17:e7a0_f72f.1ead 7aca'],
  ])('accepts an ID %s', (_label, input) => {
    expect(parseConnectionId(input)).toBe(id);
  });

  it.each([
    ['one character short', id.slice(1)],
    ['one character long', `${id}0`],
    ['with a letter beyond f', `${id.slice(0, 23)}g`],
    ['empty', ''],
    ['only separators', '----'],
    ['with a slash inside', `${id.slice(0, 12)}/${id.slice(12)}`],
    ['in full-width digits', '６９８２０a17e7a0f72f1ead7aca'],
  ])('rejects an ID %s', (_label, input) => {
    expect(parseConnectionId(input)).toBeNull();
  });

  it('normalises without judging, and judges only normalised input', () => {
    expect(normaliseConnectionId(' AB-cd ')).toBe('abcd');
    expect(isWellFormedConnectionId(id.toUpperCase())).toBe(false);
  });
});
