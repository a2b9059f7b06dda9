import { Link } from 'react-router';
import { Icon, type IconName } from '../../components/Icon';
import { Page } from '../../components/Page';
import { useI18n, type MessageKey } from '../../i18n';
import { useSession } from '../auth/session';
import { ServerStatus } from './ServerStatus';

const features: { icon: IconName; title: MessageKey; body: MessageKey }[] = [
  { icon: 'workouts', title: 'home.feature.log.title', body: 'home.feature.log.body' },
  { icon: 'coaching', title: 'home.feature.coach.title', body: 'home.feature.coach.body' },
  { icon: 'classes', title: 'home.feature.classes.title', body: 'home.feature.classes.body' },
];

export function HomePage() {
  const { t } = useI18n();
  const { user } = useSession();

  return (
    <Page isHome title={user ? t('home.titleSignedIn', { name: user.name }) : t('home.title')}>
      <p className="lead">{t('home.lead')}</p>
      {!user && (
        <div className="actions">
          <Link className="button" to="/signup">
            {t('home.cta.signup')}
          </Link>
          <Link className="button button--secondary" to="/login">
            {t('home.cta.login')}
          </Link>
        </div>
      )}

      <section className="features" aria-labelledby="features-title">
        <h2 id="features-title">{t('home.features.title')}</h2>
        <ul className="feature-list">
          {features.map((feature) => (
            <li key={feature.title} className="card feature">
              <Icon name={feature.icon} className="feature-icon" />
              <h3>{t(feature.title)}</h3>
              <p>{t(feature.body)}</p>
            </li>
          ))}
        </ul>
      </section>

      <ServerStatus />
    </Page>
  );
}
