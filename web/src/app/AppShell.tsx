import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Alert } from '../components/ui/Alert';
import { Button } from '../components/ui/Button';
import { Logo } from '../components/ui/icons';
import { useClientProfile } from '../lib/client-profile';
import { COMPANY_ROLE_LABELS } from '../lib/format';
import { useRecruiterProfile } from '../lib/recruiter-profile';
import { VerifyEmailBanner } from '../features/account/components/VerifyEmailBanner';
import { useLogout } from '../features/auth/api/logout';
import { LiveIndicator } from '../features/live/components/LiveIndicator';
import { LiveUpdates } from '../features/live/components/LiveUpdates';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { HOME_BY_ROLE, type Role, TWO_FACTOR_SETUP_PATH, useRequiredSession } from '../lib/session';

const NAV: Record<Role, { to: string; label: string; end?: boolean }[]> = {
  client: [
    { to: '/client', label: 'Dashboard', end: true },
    { to: '/client/reports', label: 'Reports' },
    { to: '/client/recruiters', label: 'Recruiters' },
    { to: '/client/activity', label: 'Activity' },
    { to: '/client/team', label: 'Team' },
    { to: '/client/account', label: 'Security' },
  ],
  recruiter: [
    { to: '/recruiter/jobs', label: 'Client jobs', end: true },
    { to: '/recruiter/jobs/new', label: 'Post a job' },
    { to: '/recruiter/api-keys', label: 'API keys' },
    { to: '/recruiter/account', label: 'Security' },
  ],
};

/** Colleagues share the company's dashboard: the top bar says which of them is signed in. */
function ClientAccount() {
  const profile = useClientProfile();
  const data = profile.data;
  return (
    <AccountName name={data && `Signed in as ${data.user.name}`} email={data && `${data.company_name} · ${COMPANY_ROLE_LABELS[data.user.role]}`} />
  );
}

function RecruiterAccount() {
  const profile = useRecruiterProfile();
  return <AccountName name={profile.data?.name} email={profile.data?.email} />;
}

function AccountName({ name, email }: { name: string | undefined; email: string | undefined }) {
  return (
    <div className="account">
      <span className="account-name">{name ?? '\u00a0'}</span>
      <span className="account-email">{email ?? '\u00a0'}</span>
    </div>
  );
}

/**
 * A notice handed over by a redirect (e.g. "that page is only for recruiters"): shown on the
 * page it led to, and dropped from history so that a reload does not show it again.
 */
function useRedirectNotice(): [string | null, () => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<{ text: string; path: string } | null>(null);
  const stateNotice = (location.state as { notice?: unknown } | null)?.notice;

  // Taken while rendering rather than in an effect, so that the page never renders without it.
  if (typeof stateNotice === 'string') {
    if (notice?.text !== stateNotice || notice.path !== location.pathname) setNotice({ text: stateNotice, path: location.pathname });
  } else if (notice && notice.path !== location.pathname) {
    setNotice(null);
  }

  useEffect(() => {
    if (typeof stateNotice !== 'string') return;
    // The router shows a failed navigation itself (errorElement); there is nothing to add here.
    void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [stateNotice, location.pathname, location.search, navigate]);

  const visible = notice && notice.path === location.pathname ? notice.text : null;
  return [visible, () => setNotice(null)];
}

export function AppShell() {
  const session = useRequiredSession();
  const logout = useLogout();
  const [notice, dismissNotice] = useRedirectNotice();
  // A session good only for setting up two-step sign-in: the set-up page, and nothing that would
  // ask the API for more (the stream, notifications, other pages) until it is done. The tree keeps
  // its shape, so that the page (and the recovery codes it shows) stays mounted when it ends.
  const setupOnly = session.twoFactorSetupRequired === true;

  return (
    <LiveUpdates role={session.role} token={session.token} enabled={!setupOnly}>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <header className="topbar">
          <div className="topbar-inner">
            <Link to={HOME_BY_ROLE[session.role]} className="brand">
              <Logo />
              <span className="brand-name">Hirelink</span>
              <span className="brand-role">{session.role === 'client' ? 'Client' : 'Recruiter'}</span>
            </Link>
            <nav className="nav" aria-label="Main">
              {NAV[session.role]
                .filter((item) => !setupOnly || item.to === TWO_FACTOR_SETUP_PATH[session.role])
                .map((item) => (
                  <NavLink key={item.to} to={item.to} end={item.end} className="nav-link">
                    {item.label}
                  </NavLink>
                ))}
            </nav>
            <div className="topbar-account">
              {!setupOnly && <LiveIndicator />}
              {!setupOnly && <NotificationBell role={session.role} />}
              {session.role === 'client' ? <ClientAccount /> : <RecruiterAccount />}
              <Button size="sm" variant="ghost" onClick={() => logout.mutate()} pending={logout.isPending} pendingLabel="Signing out…">
                Sign out
              </Button>
            </div>
          </div>
        </header>
        <main id="main" className="main" tabIndex={-1}>
          {setupOnly ? (
            <div className="page-notice">
              <Alert tone="warning">Your company requires two-step sign-in. Set it up to continue.</Alert>
            </div>
          ) : (
            <VerifyEmailBanner role={session.role} />
          )}
          {notice && (
            <div className="page-notice">
              <Alert
                tone="info"
                action={
                  <Button size="sm" variant="ghost" onClick={dismissNotice}>
                    Dismiss
                  </Button>
                }
              >
                {notice}
              </Alert>
            </div>
          )}
          <Outlet />
        </main>
      </div>
    </LiveUpdates>
  );
}
