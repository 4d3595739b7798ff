import type { ReactNode } from 'react';
import { Logo } from '../../../components/ui/icons';

export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="auth-page">
      <main className="auth-main" id="main">
        <div className="auth-brand">
          <Logo />
          <span className="brand-name">Hirelink</span>
        </div>
        <div className="auth-card">
          <h1 className="auth-title">{title}</h1>
          <p className="auth-subtitle">{subtitle}</p>
          {children}
        </div>
        <div className="auth-footer">{footer}</div>
      </main>
    </div>
  );
}
