import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { useSession, type Role } from './session';

/**
 * Shows `children` only to the given roles. Anonymous visitors go to /login (which can send them back: the
 * location they wanted is in the navigation state); a signed-in user of another type sees a short explanation.
 */
export function RequireRole({ allow, children }: { allow: readonly Role[]; children: ReactNode }) {
  const { role, status, user } = useSession();
  const location = useLocation();
  const { t } = useI18n();

  if (status === 'loading') return null;
  if (allow.includes(role)) return children;
  if (!user) return <Navigate to="/login" replace state={{ from: location }} />;
  return (
    <Page title={t('forbidden.title')}>
      <p>{t('forbidden.body', { role: t(`role.${user.user_type}`) })}</p>
    </Page>
  );
}
