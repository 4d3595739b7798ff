import { SettingCheckbox } from '../../../components/client-settings/SettingCheckbox';
import { Card, CardHeader } from '../../../components/ui/Card';
import { PageHeader } from '../../../components/ui/PageHeader';
import { useClientProfile } from '../../../lib/client-profile';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { InvitationsCard } from './InvitationsCard';
import { InviteCard } from './InviteCard';
import { UsersCard } from './UsersCard';

/** The company's sign-in rule, beside the people it applies to (each row says who has it on). */
function TwoStepRequirement({ isAdmin }: { isAdmin: boolean | undefined }) {
  return (
    <Card aria-labelledby="team-two-step-title">
      <CardHeader
        title="Two-step sign-in"
        titleId="team-two-step-title"
        description="With this on, everyone signs in with a code from an authenticator app as well as their password. Whoever has not set it up yet, you included, is signed out and sets it up at their next sign-in."
      />
      <SettingCheckbox setting="require_two_factor" label="Require two-step sign-in for everyone in the company" canChange={isAdmin} />
    </Card>
  );
}

/** A company is a team: who can sign in for it, with which role, and (for admins) inviting more. */
export default function TeamPage() {
  useDocumentTitle('Team');
  const profile = useClientProfile();
  const isAdmin = profile.data ? profile.data.user.role === 'admin' : undefined;
  return (
    <div className="page">
      <PageHeader
        eyebrow="Client"
        title="Team"
        description="Everyone in your company who signs in to Hirelink. Admins manage the team, recruiters and settings; members see everything and give feedback."
      />
      <UsersCard isAdmin={isAdmin} selfId={profile.data?.user.user_id} />
      {isAdmin && <InviteCard />}
      {isAdmin && <InvitationsCard />}
      <TwoStepRequirement isAdmin={isAdmin} />
    </div>
  );
}
