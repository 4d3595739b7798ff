/**
 * A client's connection ID: 12 random bytes shown as 24 lowercase hex characters.
 *
 * People copy it out of dashboards, e-mails and chat, so what they paste may carry
 * spaces, dashes, underscores, colons or dots between groups and may be in upper case.
 * Server and web app normalise with this one function, so the form and the API can never
 * disagree about what counts as well-formed.
 */

const SEPARATORS = /[\s\-_:.]/g;
const WELL_FORMED = /^[0-9a-f]{24}$/;

export function normaliseConnectionId(input: string): string {
  return input.trim().replace(SEPARATORS, '').toLowerCase();
}

export function isWellFormedConnectionId(normalised: string): boolean {
  return WELL_FORMED.test(normalised);
}

/** The normalised ID when the input is well-formed, otherwise null. */
export function parseConnectionId(input: string): string | null {
  const normalised = normaliseConnectionId(input);
  return isWellFormedConnectionId(normalised) ? normalised : null;
}
