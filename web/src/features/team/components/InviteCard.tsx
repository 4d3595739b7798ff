import { type CompanyRole, EMAIL_RULE, INVITATION_TTL_DAYS, type InvitationCreated, isAcceptableEmail } from '#contract';
import { type FormEvent, useRef, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { Card, CardHeader } from '../../../components/ui/Card';
import { CopyButton } from '../../../components/ui/CopyButton';
import { SelectField, TextField } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { COMPANY_ROLE_LABELS, keysOf } from '../../../lib/format';
import { useCreateInvitation } from '../api/invitations';

const COMPANY_ROLES = keysOf(COMPANY_ROLE_LABELS);

/** The invitation's link, shown this once (only its hash is stored), for sending by other means than the mail. */
function InvitationLink({ created, onDone }: { created: InvitationCreated; onDone: () => void }) {
  return (
    <div className="new-key" role="region" aria-labelledby="invitation-link-title">
      <p className="new-key-title" id="invitation-link-title">
        {created.email} is invited as {created.role === 'admin' ? 'an admin' : 'a member'}
      </p>
      <p className="new-key-text">
        We mailed them this link. You can also send it yourself: it works once, for {INVITATION_TTL_DAYS} days, and is shown only now.
      </p>
      <div className="connection-id-row">
        <code className="secret" data-testid="invitation-link">
          {created.invitation_url}
        </code>
        <CopyButton text={created.invitation_url} accessibleLabel="Copy invitation link" />
      </div>
      <Button size="sm" variant="ghost" onClick={onDone}>
        Done, hide the link
      </Button>
    </div>
  );
}

/** Admins invite colleagues by address; the new person chooses their own name and password. */
export function InviteCard() {
  const invite = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CompanyRole>('member');
  const [problem, setProblem] = useState<string | undefined>();
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const emailTaken = invite.error instanceof ApiError && invite.error.code === 'email_taken';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (invite.isPending) return;
    const address = email.trim();
    const found = !address ? 'Enter the e-mail address to invite.' : isAcceptableEmail(address) ? undefined : `Enter ${EMAIL_RULE}.`;
    setProblem(found);
    if (found) return emailRef.current?.focus();
    setCreated(null);
    invite.mutate(
      { email: address, role },
      {
        onSuccess: (invitation) => {
          setCreated(invitation);
          setEmail('');
          setRole('member');
        },
        onError: () => emailRef.current?.focus(),
      },
    );
  }

  return (
    <Card aria-labelledby="invite-title">
      <CardHeader
        title="Invite a colleague"
        titleId="invite-title"
        description="They get a link by mail to join your company on Hirelink. Admins manage the team, recruiters and settings; members see everything and give feedback."
      />
      {created && <InvitationLink created={created} onDone={() => setCreated(null)} />}
      <form className="form form-inline" onSubmit={onSubmit} noValidate aria-label="Invite a colleague">
        <TextField
          ref={emailRef}
          label="E-mail"
          type="email"
          name="email"
          autoComplete="off"
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            setProblem(undefined);
            if (invite.isError) invite.reset();
          }}
          error={
            problem ??
            (emailTaken
              ? 'This address already has a Hirelink account, so it cannot be invited.'
              : invite.isError
                ? `Could not invite: ${errorMessage(invite.error)}`
                : undefined)
          }
          maxLength={254}
          required
        />
        <SelectField label="Role" name="role" value={role} onChange={(event) => setRole(event.target.value as CompanyRole)}>
          {COMPANY_ROLES.map((value) => (
            <option key={value} value={value}>
              {COMPANY_ROLE_LABELS[value]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" pending={invite.isPending} pendingLabel="Sending…">
          Send invitation
        </Button>
      </form>
    </Card>
  );
}
