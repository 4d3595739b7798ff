import { describe, expect, it } from 'vitest';
import { PASSWORD_ONLY_SPACES, PASSWORD_TOO_SHORT, loadPasswordPolicy } from './password-policy';

const policy = await loadPasswordPolicy();

describe('the password policy shared by server and web app', () => {
  it.each([
    ['12345678', /most common passwords/],
    ['password', /most common passwords/],
    ['PASSWORD', /most common passwords/],
    ['P@ssw0rd', /most common passwords/],
    ['drowssap', /most common passwords/],
    ['iloveyou2', /most common passwords/],
    ['        ', new RegExp(PASSWORD_ONLY_SPACES)],
    ['\t \n    \u00a0 ', new RegExp(PASSWORD_ONLY_SPACES)],
    ['short', new RegExp(PASSWORD_TOO_SHORT)],
    ['aaaaaaaaaa', /Repeated characters/],
    ['abcdefghij', /Sequences/],
  ])('refuses %j, saying why', (password, why) => {
    const assessment = policy.assess(password);
    expect(assessment.problem).toMatch(why);
    expect(assessment.label).toBe('Too easy to guess');
  });

  it("refuses the user's own name or e-mail address as a password", () => {
    expect(policy.assess('jane.doe@acme.example', ['jane.doe@acme.example', 'Jane Doe']).problem).toMatch(/your name or e-mail/);
    expect(policy.assess('Acme Corporation', ['Acme Corporation']).problem).toMatch(/your name or e-mail/);
    expect(policy.assess('Acme Corporation').problem).toBeNull();
  });

  it('accepts long passphrases and passwords of up to 256 characters, with a score for the meter', () => {
    expect(policy.assess('correct horse battery staple')).toMatchObject({ problem: null, score: 4, label: 'Strong' });
    expect(policy.assess('x7#Lq-9vPz'.repeat(25))).toMatchObject({ problem: null });
    expect(policy.assess('y'.repeat(257)).problem).toMatch(/at most 256/);
  });

  it('advises a longer password when an accepted one is still guessable', () => {
    const weak = policy.assess('sunshine22');
    expect(weak.problem).toBeNull();
    expect(weak.score).toBeLessThan(3);
    expect(weak.suggestion).toMatch(/Longer is stronger/);
  });
});
