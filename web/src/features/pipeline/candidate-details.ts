import { EMAIL_RULE, isAcceptableEmail } from '#contract';

export interface CandidateDetailProblems {
  name?: string;
  email?: string;
}

/** What is wrong with a candidate's name and e-mail address: one rule for adding a candidate and for editing one. */
export function candidateDetailProblems(name: string, email: string): CandidateDetailProblems {
  return {
    name: name.trim() ? undefined : "Enter the candidate's name.",
    email: !email.trim() ? "Enter the candidate's e-mail address." : isAcceptableEmail(email) ? undefined : `Enter ${EMAIL_RULE}.`,
  };
}
