import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { errorMessage } from '../../../lib/api-client';
import { useClientProfile } from '../../../lib/client-profile';
import { useRecruiterProfile } from '../../../lib/recruiter-profile';
import type { Role } from '../../../lib/session';
import { useResendEmailVerification } from '../api/email-verification';

function Banner({ email }: { email: string }) {
  const resend = useResendEmailVerification();
  return (
    <div className="page-notice">
      <Alert
        tone="warning"
        title="Confirm your e-mail address"
        action={
          !resend.isSuccess && (
            <Button size="sm" onClick={() => resend.mutate()} pending={resend.isPending} pendingLabel="Sending…">
              Send the link again
            </Button>
          )
        }
      >
        {resend.isSuccess
          ? `A new link is on its way to ${email}. It works once, for 48 hours.`
          : resend.isError
            ? errorMessage(resend.error)
            : `Open the link we mailed to ${email}. Until then, Hirelink sends you no news by mail.`}
      </Alert>
    </div>
  );
}

function ClientBanner() {
  const profile = useClientProfile();
  return profile.data?.email_verified === false ? <Banner email={profile.data.email} /> : null;
}

function RecruiterBanner() {
  const profile = useRecruiterProfile();
  return profile.data?.email_verified === false ? <Banner email={profile.data.email} /> : null;
}

/** Shown on every page until the account's address is confirmed (the link in the registration mail). */
export function VerifyEmailBanner({ role }: { role: Role }) {
  return role === 'client' ? <ClientBanner /> : <RecruiterBanner />;
}
