import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { Button } from '../components/ui/Button';
import { EmptyState } from '../components/ui/QueryState';
import { HOME_BY_ROLE, useSession } from '../lib/session';
import { useDocumentTitle } from '../lib/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  const session = useSession();
  return (
    <div className="page page-center">
      <EmptyState
        title="Page not found"
        headingLevel={1}
        action={
          <Link className="button button-primary" to={session ? HOME_BY_ROLE[session.role] : '/sign-in'}>
            {session ? 'Go to your home page' : 'Sign in'}
          </Link>
        }
      >
        There is nothing at this address.
      </EmptyState>
    </div>
  );
}

/** Last resort for a rendering bug: say so plainly and offer a way out. */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : null;
  return (
    <main className="page page-center" id="main">
      <EmptyState
        title="Something went wrong"
        headingLevel={1}
        action={
          <Button variant="primary" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
        }
      >
        <p>The page hit an unexpected problem. Reloading usually fixes it; your data is safe on the server.</p>
        {detail && <p className="muted">{detail}</p>}
      </EmptyState>
    </main>
  );
}
