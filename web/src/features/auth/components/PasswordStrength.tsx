import { type PasswordAssessment, type PasswordPolicy, basicPasswordProblem, loadPasswordPolicy } from '#contract';
import { useEffect, useState } from 'react';

/**
 * The shared password policy, once its dictionary has arrived (a chunk of its own, fetched when
 * the sign-up form opens); null until then, when only the checks without a dictionary apply.
 */
export function usePasswordPolicy(): PasswordPolicy | null {
  const [policy, setPolicy] = useState<PasswordPolicy | null>(null);
  useEffect(() => {
    let mounted = true;
    loadPasswordPolicy().then(
      (loaded) => mounted && setPolicy(() => loaded),
      // Without the dictionary the form still checks length and blankness, and the server the rest.
      () => {},
    );
    return () => {
      mounted = false;
    };
  }, []);
  return policy;
}

/** What the policy says of `password`, or the dictionary-free part of it while the dictionary loads. */
export function assessPassword(policy: PasswordPolicy | null, password: string, personal: string[]): PasswordAssessment | null {
  if (policy) return policy.assess(password, personal);
  const problem = basicPasswordProblem(password);
  return problem ? { score: 0, label: 'Too easy to guess', problem, suggestion: null } : null;
}

/**
 * The strength as a bar and in words (never colour alone). It is the password field's status,
 * so it is announced politely, and only when its words change, not at every keystroke.
 */
export function PasswordStrength({ assessment }: { assessment: PasswordAssessment }) {
  const advice = assessment.problem ?? assessment.suggestion;
  return (
    <span className="password-strength">
      <meter
        className={`password-meter password-meter-${assessment.score}`}
        min={0}
        max={4}
        low={2}
        high={3}
        optimum={4}
        value={assessment.score}
        aria-hidden="true"
      />
      <span>
        Strength: {assessment.label}.{advice && ` ${advice}`}
      </span>
    </span>
  );
}
