import { PageHeader } from '../../../components/ui/PageHeader';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { ChangePasswordCard } from './ChangePasswordCard';
import { SessionsCard } from './SessionsCard';
import { TwoStepCard } from './TwoStepCard';

export default function AccountPage() {
  useDocumentTitle('Account security');
  return (
    <div className="page page-narrow-wide">
      <PageHeader eyebrow="Account" title="Security" description="Your password, two-step sign-in, and where you are signed in." />
      <ChangePasswordCard />
      <TwoStepCard />
      <SessionsCard />
    </div>
  );
}
