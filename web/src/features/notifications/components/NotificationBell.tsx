import type { Notification } from '#contract';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import type { Role } from '../../../lib/session';
import { useMarkNotificationsRead, useNotifications } from '../api/notifications';

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.7 21a2 2 0 0 1-3.4 0" />
    </svg>
  );
}

/** The header's bell: the unread count (kept current by live events) and a list of the newest notifications. */
export function NotificationBell({ role }: { role: Role }) {
  const notifications = useNotifications(role);
  const markRead = useMarkNotificationsRead(role);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const unread = notifications.data?.unread_count ?? 0;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  function openNotification(item: Notification) {
    if (item.read_at === null) markRead.mutate({ ids: [item.notification_id] });
    setOpen(false);
    if (item.job_id) void navigate(`/${role}/jobs/${encodeURIComponent(item.job_id)}`);
  }

  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        data-testid="notification-bell"
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell-count" data-testid="notification-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel" id={panelId} role="region" aria-label="Notifications">
          <div className="bell-panel-header">
            <span className="bell-panel-title">Notifications</span>
            <Button size="sm" variant="ghost" disabled={unread === 0} pending={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
              Mark all read
            </Button>
          </div>
          {markRead.isError && <p className="bell-error">{errorMessage(markRead.error)}</p>}
          {notifications.isPending ? (
            <p className="bell-empty">Loading…</p>
          ) : notifications.isError ? (
            <p className="bell-error">{errorMessage(notifications.error)}</p>
          ) : notifications.data.notifications.length === 0 ? (
            <p className="bell-empty">Nothing yet. News about your jobs will show here.</p>
          ) : (
            <ul className="bell-list">
              {notifications.data.notifications.map((item) => (
                <li key={item.notification_id}>
                  <button
                    type="button"
                    className={`bell-item${item.read_at === null ? ' bell-item-unread' : ''}`}
                    onClick={() => openNotification(item)}
                  >
                    <span className="bell-item-title">
                      {item.read_at === null && <span className="visually-hidden">Unread: </span>}
                      {item.title}
                    </span>
                    {item.body && <span className="bell-item-body">{item.body}</span>}
                    <span className="bell-item-time">{formatDateTime(item.created_at)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="bell-panel-footer">
            <Link to={`/${role}/settings/notifications`} onClick={() => setOpen(false)}>
              Notification settings
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
