import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { TrainerWorkouts } from './TrainerWorkouts';

function MyWorkouts() {
  const { t } = useI18n();
  return (
    <Page title={t('page.myWorkouts.title')}>
      <p className="lead">{t('workouts.my.intro')}</p>
      <p className="workout-links">
        <Link className="button button--big" to="/workouts/log">
          {t('workouts.open.log')}
        </Link>
        <Link className="button button--secondary button--big" to="/workouts/history">
          {t('workouts.open.history')}
        </Link>
      </p>
    </Page>
  );
}

/** /workouts: a member's own log ("My workouts"), or a trainer's sessions and custom exercises ("Workouts"). */
export function WorkoutsPage() {
  const { role } = useSession();
  return role === 'member' ? <MyWorkouts /> : <TrainerWorkouts />;
}
