import type { Role } from '../../../lib/session';

const OPTIONS: { role: Role; label: string; hint: string }[] = [
  { role: 'client', label: 'Company', hint: 'I hire through agencies' },
  { role: 'recruiter', label: 'Recruiter', hint: 'I post jobs for clients' },
];

/** Two radio buttons styled as a segmented control: arrow keys move between them natively. */
export function RoleSwitch({ value, onChange, legend }: { value: Role; onChange: (role: Role) => void; legend: string }) {
  return (
    <fieldset className="role-switch">
      <legend className="field-label">{legend}</legend>
      <div className="role-switch-options">
        {OPTIONS.map((option) => (
          <label key={option.role} className="role-switch-option" data-checked={value === option.role || undefined}>
            <input type="radio" name="role" value={option.role} checked={value === option.role} onChange={() => onChange(option.role)} />
            <span className="role-switch-label">{option.label}</span>
            <span className="role-switch-hint">{option.hint}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function roleFromSearch(value: string | null): Role {
  return value === 'recruiter' ? 'recruiter' : 'client';
}
