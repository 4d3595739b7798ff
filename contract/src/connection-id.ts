/**
 * A client's connection ID: 12 random bytes shown as 24 lowercase hex characters.
 *
 * People copy it out of dashboards, e-mails and chat, so what they paste may carry
 * spaces, dashes, underscores, colons or dots between groups, may be in upper case, and may
 * start with its label ("Connection ID: 791e…"). Server and web app normalise with this one
 * function, so the form and the API can never disagree about what counts as well-formed.
 */

const SEPARATORS = /[\s\-_:.]/g;
const CONNECTION_ID_LENGTH = 24;
const WELL_FORMED = /^[0-9a-f]{24}$/;

/**
 * A leading label: words separated by spaces, then ':' (or '=', '#', a spaced dash), as in
 * "Connection ID:", "connection id - ", "ID:". Its last word has two letters or more, one of them
 * beyond a-f, so a label can never swallow a group of the ID itself ("abcd: ef01…" keeps its
 * "abcd") nor a stray character typed before it; and whatever parsed without labels parses to the
 * same ID with them, since such input has no letter beyond f.
 */
const WORD = String.raw`\p{L}[\p{L}\p{M}'’]*(?:-[\p{L}\p{M}'’]+)*`;
const LEADING_LABEL = new RegExp(String.raw`^\s*(?:${WORD}\s+)*(${WORD})(?:\s*[:：=#–—]|\s+-)`, 'u');

function dropLeadingLabel(input: string): string {
  const label = LEADING_LABEL.exec(input);
  if (!label) return input;
  const lastWord = [...label[1]!];
  const isLabel = lastWord.length >= 2 && lastWord.some((c) => /\p{L}/u.test(c) && !/[a-f]/i.test(c));
  return isLabel ? input.slice(label[0].length) : input;
}

export function normaliseConnectionId(input: string): string {
  return dropLeadingLabel(input).trim().replace(SEPARATORS, '').toLowerCase();
}

export function isWellFormedConnectionId(normalised: string): boolean {
  return WELL_FORMED.test(normalised);
}

/** The normalised ID when the input is well-formed, otherwise null. */
export function parseConnectionId(input: string): string | null {
  const normalised = normaliseConnectionId(input);
  return isWellFormedConnectionId(normalised) ? normalised : null;
}

/**
 * Why an input is not a connection ID, for messages that help to fix it: `not_hex` when it has
 * the right length but characters a connection ID never has (0–9 and a–f only).
 */
export function connectionIdProblem(input: string): 'empty' | 'not_hex' | 'length' | null {
  const normalised = normaliseConnectionId(input);
  if (isWellFormedConnectionId(normalised)) return null;
  if (normalised === '') return 'empty';
  // Label or not: 24 characters of the wrong alphabet are a `not_hex`, even when they look like a label ("zzzz-zzzz-…").
  const unlabelled = input.trim().replace(SEPARATORS, '').toLowerCase();
  return normalised.length === CONNECTION_ID_LENGTH || unlabelled.length === CONNECTION_ID_LENGTH ? 'not_hex' : 'length';
}
