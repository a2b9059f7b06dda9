import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Icon } from '../components/Icon';
import { useSession } from '../features/auth/session';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { navigation } from './navigation';
import { UserMenu } from './UserMenu';

/**
 * The frame around every page: a top bar (name, the user's menu, language), the navigation (a side bar on wide
 * screens, a bottom tab bar within thumb's reach on phones) and the page itself, under a reminder to verify the
 * e-mail address while the signed-in user has not.
 */
export function AppLayout() {
  const { t } = useI18n();
  const { role, user } = useSession();
  const onVerifyPage = useLocation().pathname === '/verify-email';

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" />
            <path d="M6 13h3v6H6zM23 13h3v6h-3zM9 11h3v10H9zM20 11h3v10h-3zM12 15h8v2h-8z" />
          </svg>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <div className="topbar-end">
          {user && <UserMenu user={user} />}
          <LanguageSwitch />
        </div>
      </header>
      <div className="shell">
        <nav className="tabbar" aria-label={t('nav.label')}>
          <ul>
            {navigation[role].map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  <Icon name={item.icon} />
                  <span className="tab-label">{t(item.label)}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {user && !user.email_verified && (
            <aside className="verify-banner" aria-label={t('verifyBanner.text')}>
              <Icon name="mail" />
              <span>{t('verifyBanner.text')}</span>
              <Link to="/verify-email" aria-current={onVerifyPage ? 'page' : undefined}>
                {t('verifyBanner.link')}
              </Link>
            </aside>
          )}
          <Outlet />
        </main>
        <footer className="footer">
          <span>© Spotter</span>
          <a href="/api/docs/">{t('footer.apiDocs')}</a>
        </footer>
      </div>
    </div>
  );
}
