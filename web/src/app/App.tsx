import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, type ReactElement } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AdminPage } from '../features/admin/AdminPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { RequireRole } from '../features/auth/RequireRole';
import { SessionProvider } from '../features/auth/session';
import { SignupPage } from '../features/auth/SignupPage';
import { VerifyEmailPage } from '../features/auth/VerifyEmailPage';
import { ClassesPage } from '../features/classes/ClassesPage';
import { CommunityPage } from '../features/community/CommunityPage';
import { HomePage } from '../features/home/HomePage';
import { MemberPage } from '../features/members/MemberPage';
import { MembersPage } from '../features/members/MembersPage';
import { ProfilePage } from '../features/profile/ProfilePage';
import { HistoryPage } from '../features/workouts/HistoryPage';
import { LogPage } from '../features/workouts/LogPage';
import { WorkoutsPage } from '../features/workouts/WorkoutsPage';
import { I18nProvider } from '../i18n';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { rolesFor } from './navigation';

// The camera pages (pose model, video tools) load with their own code, when first opened.
const CoachingPage = lazy(() => import('../features/coaching/CoachingPage').then((m) => ({ default: m.CoachingPage })));
const DemonstrationsPage = lazy(() =>
  import('../features/demonstrations/DemonstrationsPage').then((m) => ({ default: m.DemonstrationsPage })),
);

function Later({ children }: { children: ReactElement }) {
  return <Suspense fallback={<p className="muted page-loading">…</p>}>{children}</Suspense>;
}

/**
 * A page for signed-in users: open to the roles whose navigation links to it (or, for a page under a section,
 * to that section: `section`).
 */
function guarded(path: string, page: ReactElement, section: string = path): RouteObject {
  return { path, element: <RequireRole allow={rolesFor(section)}>{page}</RequireRole> };
}

const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      guarded('/workouts', <WorkoutsPage />),
      guarded('/workouts/log', <LogPage />, '/workouts'),
      guarded('/workouts/history', <HistoryPage />, '/workouts'),
      guarded('/coaching', <Later><CoachingPage /></Later>),
      guarded('/community', <CommunityPage />),
      guarded('/classes', <ClassesPage />),
      guarded('/profile', <ProfilePage />),
      guarded('/members', <MembersPage />),
      guarded('/members/:memberId', <MemberPage />, '/members'),
      guarded('/members/:memberId/log', <LogPage />, '/members'),
      guarded('/members/:memberId/history', <HistoryPage />, '/members'),
      guarded('/members/:memberId/coaching', <Later><CoachingPage /></Later>, '/members'),
      guarded('/demonstrations', <Later><DemonstrationsPage /></Later>),
      guarded('/demonstrations/:demoId', <Later><DemonstrationsPage /></Later>, '/demonstrations'),
      guarded('/admin', <AdminPage />),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: false } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
