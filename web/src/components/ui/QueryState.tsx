import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/api-client';
import { Alert } from './Alert';
import { Button } from './Button';
import { Spinner } from './Spinner';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

/** A query that failed before it had data: say why, and offer to try again. */
export function LoadError({ error, onRetry, what = 'this page' }: { error: unknown; onRetry: () => void; what?: string }) {
  return (
    <Alert tone="error" title={`Could not load ${what}.`} action={<Button onClick={onRetry}>Try again</Button>}>
      {errorMessage(error)}
    </Alert>
  );
}

export function EmptyState({
  title,
  children,
  action,
  headingLevel,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  /** When the empty state is the whole page, its title is the page's heading. */
  headingLevel?: 1 | 2;
}) {
  const Title = headingLevel === 1 ? 'h1' : headingLevel === 2 ? 'h2' : 'p';
  return (
    <div className="empty-state">
      <Title className="empty-state-title">{title}</Title>
      {children && <div className="empty-state-text">{children}</div>}
      {action && <div className="empty-state-action">{action}</div>}
    </div>
  );
}
