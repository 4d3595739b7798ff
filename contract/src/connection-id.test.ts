import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectionIdProblem, isWellFormedConnectionId, normaliseConnectionId, parseConnectionId } from './connection-id';

describe('connection ID normalisation', () => {
  const id = '69820a17e7a0f72f1ead7aca';

  it.each([
    ['as shown on the dashboard', id],
    ['in upper case', id.toUpperCase()],
    ['with surrounding whitespace', `  ${id}\n`],
    ['in dash-separated groups', '69820A17-E7A0-F72F-1EAD-7ACA'],
    ['with spaces, colons, underscores and dots', '6982 0a17:e7a0_f72f.1ead 7aca'],
    ['with its label, as it arrives in an e-mail', `Connection ID: ${id}`],
    ['with a label and a dash', `connection id - ${id}`],
    ['with a short label and no space', `ID:${id.toUpperCase()}`],
    ['with a label in another language', `Identifiant de connexion : ${id}`],
    ['with a label before dashed groups', `ID - ${id.match(/.{4}/g)!.join('-')}`],
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
    ['after hex letters that only look like a label', `abcd: ${id}`],
    ['after a label without a colon or dash', `ID ${id}`],
    ['with a label but one character short', `Connection ID: ${id.slice(1)}`],
    ['followed by more words', `${id} thanks`],
  ])('rejects an ID %s', (_label, input) => {
    expect(parseConnectionId(input)).toBeNull();
  });

  it('normalises without judging, and judges only normalised input', () => {
    expect(normaliseConnectionId(' AB-cd ')).toBe('abcd');
    expect(isWellFormedConnectionId(id.toUpperCase())).toBe(false);
  });

  it('tells 24 characters of the wrong alphabet from a wrong length', () => {
    expect(connectionIdProblem('z'.repeat(24))).toBe('not_hex');
    expect(connectionIdProblem('zzzz-zzzz-zzzz-zzzz-zzzz-zzzz')).toBe('not_hex');
    expect(connectionIdProblem(`Connection ID: ${id.slice(0, 23)}g`)).toBe('not_hex');
    expect(connectionIdProblem(id.slice(1))).toBe('length');
    expect(connectionIdProblem('g'.repeat(25))).toBe('length');
    expect(connectionIdProblem(' - ')).toBe('empty');
    expect(connectionIdProblem(id)).toBeNull();
  });
});

describe('connection IDs pasted with a label (generated)', () => {
  /** The rule before labels were dropped: what it accepted must still parse, to the same ID. */
  const parseWithoutLabels = (input: string): string | null => {
    const normalised = input
      .trim()
      .replace(/[\s\-_:.]/g, '')
      .toLowerCase();
    return /^[0-9a-f]{24}$/.test(normalised) ? normalised : null;
  };

  const hexId = fc.stringMatching(/^[0-9a-f]{24}$/);
  /** An ID as people paste it: any case, separators anywhere between characters. */
  const formatted = (idArb: fc.Arbitrary<string>) =>
    idArb.chain((value) =>
      fc
        .tuple(
          fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }),
          fc.array(fc.constantFrom('', '', '', ' ', '-', '_', ':', '.', ' - '), { minLength: value.length, maxLength: value.length }),
        )
        .map(([upper, separators]) =>
          [...value].map((c, i) => (upper[i] ? c.toUpperCase() : c) + (i < value.length - 1 ? separators[i] : '')).join(''),
        ),
    );
  const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFIKNOZéüß'), minLength: 1, maxLength: 10 });
  /** Words, the last with a letter that is not a hex digit, then ':' or the like. */
  const label = fc
    .tuple(
      fc.array(fc.tuple(word, fc.constantFrom(' ', '  ', '-')), { maxLength: 3 }),
      fc.tuple(word, fc.constantFrom('g', 'i', 'I', 'T', 'n', 'z', 'é')).map(([w, c]) => w + c),
      fc.constantFrom(':', ' :', '：', '=', '#', '–', ' —', ' -', '  --'),
      fc.constantFrom('', ' ', '  ', '\t'),
    )
    .map(([words, last, terminator, after]) => words.map(([w, s]) => w + s).join('') + last + terminator + after);

  it('parses a valid ID with any label in front of it to that ID', () => {
    fc.assert(
      fc.property(hexId, formatted(hexId), label, (_id, pasted, prefix) => {
        expect(parseConnectionId(prefix + pasted)).toBe(parseWithoutLabels(pasted));
      }),
      { numRuns: 2000 },
    );
  });

  it('parses whatever parsed before to the same ID', () => {
    const anything = fc.oneof(formatted(hexId), fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789abcdefgxzID :-_.#') }));
    fc.assert(
      fc.property(anything, (input) => {
        const before = parseWithoutLabels(input);
        if (before !== null) expect(parseConnectionId(input)).toBe(before);
      }),
      { numRuns: 2000 },
    );
  });

  it('newly accepts only a label of letters in front of what parsed before', () => {
    const mixed = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFgixzID :：-–—_.#=é'), maxLength: 40 });
    const anything = fc.oneof(
      fc.tuple(mixed, formatted(hexId)).map(([junk, pasted]) => junk + pasted),
      fc.tuple(label, formatted(hexId), mixed).map(([prefix, pasted, junk]) => prefix + pasted + junk),
      fc.tuple(mixed, label, formatted(hexId)).map(([junk, prefix, pasted]) => junk + prefix + pasted),
      mixed,
    );
    fc.assert(
      fc.property(anything, (input) => {
        const parsed = parseConnectionId(input);
        if (parsed === null || parseWithoutLabels(input) !== null) return;
        // Some prefix of nothing but letters, spaces and punctuation, with a letter beyond f, is all that was dropped.
        const cut = [...Array(input.length).keys()].find(
          (k) =>
            /^[\p{L}\p{M}'’\s_.\-:：=#–—]*$/u.test(input.slice(0, k)) &&
            /(?![a-fA-F])\p{L}/u.test(input.slice(0, k)) &&
            parseWithoutLabels(input.slice(k)) === parsed,
        );
        expect(cut, input).toBeDefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('still refuses a labelled ID with a character missing, extra, or not hex', () => {
    const mutated = fc
      .tuple(hexId, fc.nat(23), fc.constantFrom('drop', 'add', 'replace'), fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyz'))
      .filter(([, , how, c]) => how !== 'replace' || !/[0-9a-f]/.test(c))
      .map(([value, at, how, c]) =>
        how === 'drop' ? value.slice(0, at) + value.slice(at + 1) : value.slice(0, at) + c + value.slice(how === 'add' ? at : at + 1),
      );
    fc.assert(
      fc.property(fc.oneof(label, fc.constant('')), formatted(mutated), (prefix, pasted) => {
        expect(parseConnectionId(prefix + pasted)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
