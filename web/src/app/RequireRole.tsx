import { Navigate, Outlet, useLocation } from 'react-router';
import { HOME_BY_ROLE, TWO_FACTOR_SETUP_PATH, type Role, useSession } from '../lib/session';

const AREA_NAMES: Record<Role, string> = { client: 'clients', recruiter: 'recruiters' };
const HOME_PHRASES: Record<Role, string> = { client: 'here is your dashboard', recruiter: 'here are your jobs' };

/** Signed-out visitors go to sign-in (and come back after); the other role goes to its own home. */
export function RequireRole({ role }: { role: Role }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    return <Navigate to={`/sign-in?as=${role}`} replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (session.role !== role) {
    return (
      <Navigate
        to={HOME_BY_ROLE[session.role]}
        replace
        state={{ notice: `That page is only for ${AREA_NAMES[role]}, so ${HOME_PHRASES[session.role]}.` }}
      />
    );
  }
  // A session good only for setting up two-step sign-in sees the page that sets it up, and no other.
  if (session.twoFactorSetupRequired && location.pathname !== TWO_FACTOR_SETUP_PATH[role]) {
    return <Navigate to={TWO_FACTOR_SETUP_PATH[role]} replace />;
  }
  return <Outlet />;
}

export function HomeRedirect() {
  const session = useSession();
  return <Navigate to={session ? HOME_BY_ROLE[session.role] : '/sign-in'} replace />;
}
