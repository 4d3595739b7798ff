import { PASSWORD_RESET_TOKEN_PATTERN } from '#contract';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Loading } from '../../../components/ui/QueryState';
import { errorMessage } from '../../../lib/api-client';
import { HOME_BY_ROLE, useSession } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useVerifyEmail } from '../api/verify-email';
import { AuthLayout } from './AuthLayout';

const TOKEN = new RegExp(PASSWORD_RESET_TOKEN_PATTERN);

function tokenFromLocation(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  return token && TOKEN.test(token) ? token : null;
}

/** Where the registration mail's link lands: the address is confirmed as the page opens. */
export default function VerifyEmailPage() {
  useDocumentTitle('Confirm your e-mail address');
  const session = useSession();
  const [token] = useState(tokenFromLocation);
  const verify = useVerifyEmail();
  const sent = useRef(false);

  useEffect(() => {
    // The token leaves the address bar (and so the history) once read.
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
    // Once, even when React runs effects twice (development): the link works once.
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate({ token });
    }
  }, [token, verify]);

  const onward = session ? <Link to={HOME_BY_ROLE[session.role]}>Go to Hirelink</Link> : <Link to="/sign-in">Sign in</Link>;

  return (
    <AuthLayout title="Confirm your e-mail address" subtitle="So that news of your hiring reaches you by mail." footer={onward}>
      {!token ? (
        <Alert tone="error" title="This link does not work">
          Open the link from the mail as it is (it must end with its token). Signed in, you can ask for a new one.
        </Alert>
      ) : verify.isSuccess ? (
        <Alert tone="success" title="Your e-mail address is confirmed">
          Thank you. {onward}
        </Alert>
      ) : verify.isError ? (
        <Alert tone="error" title="This link does not work">
          {errorMessage(verify.error)}
        </Alert>
      ) : (
        <Loading label="Confirming…" />
      )}
    </AuthLayout>
  );
}
