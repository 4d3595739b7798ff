import { PageHeader } from '../../../components/ui/PageHeader';
import { useSession } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { ChangePasswordCard } from './ChangePasswordCard';
import { SessionsCard } from './SessionsCard';
import { TwoStepCard } from './TwoStepCard';

export default function AccountPage() {
  useDocumentTitle('Account security');
  // Until a company's required two-step sign-in is set up, the session may do that and nothing else.
  const setupRequired = useSession()?.twoFactorSetupRequired === true;
  return (
    <div className="page page-narrow-wide">
      <PageHeader eyebrow="Account" title="Security" description="Your password, two-step sign-in, and where you are signed in." />
      {!setupRequired && <ChangePasswordCard />}
      <TwoStepCard setupRequired={setupRequired} />
      {!setupRequired && <SessionsCard />}
    </div>
  );
}
