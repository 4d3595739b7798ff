import { createBrowserRouter, type RouteObject } from 'react-router';
import { Loading } from '../components/ui/QueryState';
import { SignInPage } from '../features/auth/components/SignInPage';
import { SignUpPage } from '../features/auth/components/SignUpPage';
import { AppShell } from './AppShell';
import { NotFoundPage, RouteErrorPage } from './ErrorPages';
import { HomeRedirect, RequireRole } from './RequireRole';

// Each page is its own chunk: the sign-in page loads neither the recruiter's dialogs nor the reports.
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  {
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'sign-up', element: <SignUpPage /> },
      { path: 'forgot-password', ...page(() => import('../features/auth/components/ForgotPasswordPage')) },
      { path: 'reset-password', ...page(() => import('../features/auth/components/ResetPasswordPage')) },
      { path: 'verify-email', ...page(() => import('../features/auth/components/VerifyEmailPage')) },
      { path: 'accept-invitation', ...page(() => import('../features/auth/components/AcceptInvitationPage')) },
      {
        path: 'client',
        element: <RequireRole role="client" />,
        children: [
          {
            element: <AppShell />,
            children: [
              { index: true, ...page(() => import('../features/client-dashboard/components/ClientDashboardPage')) },
              { path: 'jobs/:jobId', ...page(() => import('../features/pipeline/components/ClientJobPage')) },
              { path: 'reports', ...page(() => import('../features/reports/components/ReportsPage')) },
              { path: 'recruiters', ...page(() => import('../features/recruiters/components/RecruitersPage')) },
              { path: 'activity', ...page(() => import('../features/activity/components/ActivityPage')) },
              { path: 'team', ...page(() => import('../features/team/components/TeamPage')) },
              { path: 'settings/notifications', ...page(() => import('../features/notifications/components/NotificationSettingsPage')) },
              { path: 'account', ...page(() => import('../features/account/components/AccountPage')) },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      {
        path: 'recruiter',
        element: <RequireRole role="recruiter" />,
        children: [
          {
            element: <AppShell />,
            children: [
              { index: true, element: <HomeRedirect /> },
              { path: 'jobs', ...page(() => import('../features/jobs-monitor/components/JobsMonitorPage')) },
              { path: 'jobs/new', ...page(() => import('../features/job-posting/components/JobPostingPage')) },
              { path: 'jobs/:jobId', ...page(() => import('../features/pipeline/components/RecruiterJobPage')) },
              { path: 'api-keys', ...page(() => import('../features/api-keys/components/ApiKeysPage')) },
              { path: 'settings/notifications', ...page(() => import('../features/notifications/components/NotificationSettingsPage')) },
              { path: 'account', ...page(() => import('../features/account/components/AccountPage')) },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
