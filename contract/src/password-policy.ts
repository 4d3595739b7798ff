import type { ZxcvbnResult } from '@zxcvbn-ts/core';

/**
 * What a new password must be, after NIST SP 800-63B: long enough, not blank, and not one that
 * attackers try first. The one rule for the server (which refuses) and the web app (which shows it
 * as the user types). No composition rules: length and a block-list do more, and annoy less.
 *
 * The block-list is zxcvbn-ts's list of common passwords (@zxcvbn-ts/language-common, 49,000
 * passwords from breach corpora), matched with zxcvbn's variations (case, l33t, reversed), plus its
 * patterns (repeats, sequences, keyboard walks) and the user's own name and e-mail address.
 * The dictionary is large, so it loads on demand (`loadPasswordPolicy`): the web app fetches it
 * when someone starts choosing a password, not with the first page.
 */

export const PASSWORD_MIN_LENGTH = 8;
/** argon2 costs the same whatever the length; the bound only keeps bodies sane (NIST asks for at least 64). */
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's cost grows with length; past this many characters a password is judged by its beginning. */
const ASSESSED_LENGTH = 64;

export type PasswordScore = 0 | 1 | 2 | 3 | 4;

export interface PasswordAssessment {
  /** zxcvbn's score: 0 under ~10^3 guesses, 1 under 10^6, 2 under 10^8, 3 under 10^10, 4 beyond. */
  score: PasswordScore;
  /** A word or two for the meter. */
  label: string;
  /** Why the password is refused, for a person; null when it is accepted. */
  problem: string | null;
  /** Advice for an accepted but guessable password; null when there is none. */
  suggestion: string | null;
}

export interface PasswordPolicy {
  /** `personal` holds what an attacker would try first for this user: name, company, e-mail address. */
  assess(password: string, personal?: readonly string[]): PasswordAssessment;
}

export const PASSWORD_TOO_SHORT = `A password must have at least ${PASSWORD_MIN_LENGTH} characters.`;
export const PASSWORD_TOO_LONG = `A password can have at most ${PASSWORD_MAX_LENGTH} characters.`;
export const PASSWORD_ONLY_SPACES = 'A password cannot be only spaces.';
const COMMON = 'This password is one of the most common passwords (or a small change to one), which attackers try first. Choose another.';
const PERSONAL = 'This password is made of your name or e-mail address, which attackers try first. Choose another.';
const PATTERN_PROBLEMS: Record<string, string> = {
  simpleRepeat: 'Repeated characters like "aaaaaaaa" are among the first things attackers try. Choose another.',
  extendedRepeat: 'Repeated patterns like "abcabcabc" are among the first things attackers try. Choose another.',
  sequences: 'Sequences like "abcdefgh" or "12345678" are among the first things attackers try. Choose another.',
  straightRow: 'A row of keys like "qwertyui" is among the first things attackers try. Choose another.',
  keyPattern: 'A short keyboard pattern is among the first things attackers try. Choose another.',
  dates: 'A date is among the first things attackers try. Choose another.',
  recentYears: 'Recent years are among the first things attackers try. Choose another.',
};
const TOO_GUESSABLE = 'This password is too easy to guess. Choose a longer one, for example a few unrelated words.';
const LABELS: Record<PasswordScore, string> = { 0: 'Too easy to guess', 1: 'Weak', 2: 'Fair', 3: 'Good', 4: 'Strong' };

/** The checks that need no dictionary: length and blankness. Null when they pass. */
export function basicPasswordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return PASSWORD_TOO_SHORT;
  if (length > PASSWORD_MAX_LENGTH) return PASSWORD_TOO_LONG;
  if (password.trim() === '') return PASSWORD_ONLY_SPACES;
  return null;
}

type Check = (password: string, userInputs?: string[]) => ZxcvbnResult;

let loading: Promise<PasswordPolicy> | undefined;

/** The policy with its dictionary, loaded once per process or page. */
export function loadPasswordPolicy(): Promise<PasswordPolicy> {
  loading ??= (async () => {
    const [{ ZxcvbnFactory }, common] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]);
    const zxcvbn = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
    return createPasswordPolicy((password, userInputs) => zxcvbn.check(password, userInputs));
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

function createPasswordPolicy(check: Check): PasswordPolicy {
  return {
    assess(password, personal = []) {
      const basic = basicPasswordProblem(password);
      if (basic) return { score: 0, label: LABELS[0], problem: basic, suggestion: null };

      const assessed = [...password.trim()].slice(0, ASSESSED_LENGTH).join('');
      const result = check(assessed, personalWords(personal));
      const score = result.score;
      const whole = result.sequence.length === 1 ? result.sequence[0] : undefined;
      const wholeDictionary = whole?.pattern === 'dictionary' ? (whole as { dictionaryName?: string }).dictionaryName : undefined;

      let problem: string | null = null;
      if (wholeDictionary === 'passwords-common') problem = COMMON;
      else if (wholeDictionary === 'userInputs') problem = PERSONAL;
      else if (score === 0) problem = PATTERN_PROBLEMS[result.feedback.warning ?? ''] ?? TOO_GUESSABLE;

      return {
        score: problem ? 0 : score,
        label: problem ? LABELS[0] : LABELS[score],
        problem,
        suggestion: !problem && score < 3 ? 'Longer is stronger: add another word or two.' : null,
      };
    },
  };
}

/** An e-mail address is tried whole, by its name part, and by the words in it. */
function personalWords(personal: readonly string[]): string[] {
  const words = new Set<string>();
  for (const value of personal) {
    const trimmed = value.trim().toLowerCase();
    if (!trimmed) continue;
    words.add(trimmed);
    const [local] = trimmed.split('@');
    if (local) words.add(local);
    for (const word of trimmed.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3) words.add(word);
  }
  return [...words];
}
