import type { HTMLAttributes, ReactNode } from 'react';

export function Card({ className, children, ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <section className={['card', className ?? ''].filter(Boolean).join(' ')} {...props}>
      {children}
    </section>
  );
}

export function CardHeader({
  title,
  titleId,
  description,
  actions,
  level = 2,
}: {
  title: ReactNode;
  titleId?: string;
  description?: ReactNode;
  actions?: ReactNode;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="card-header">
      <div>
        <Heading className="card-title" id={titleId}>
          {title}
        </Heading>
        {description && <p className="card-description">{description}</p>}
      </div>
      {actions && <div className="card-actions">{actions}</div>}
    </div>
  );
}
