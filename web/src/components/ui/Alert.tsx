import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon, InfoIcon } from './icons';

type Tone = 'error' | 'success' | 'info' | 'warning';

const ICONS: Record<Tone, typeof AlertIcon> = { error: AlertIcon, warning: AlertIcon, success: CheckIcon, info: InfoIcon };

/** An inline message. Errors interrupt (role="alert"); the rest wait their turn (role="status"). */
export function Alert({ tone, title, children, action }: { tone: Tone; title?: ReactNode; children?: ReactNode; action?: ReactNode }) {
  const IconForTone = ICONS[tone];
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <IconForTone className="alert-icon" />
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        {children && <div className="alert-text">{children}</div>}
      </div>
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}
