import { ComingSoonPage } from '../../components/ComingSoonPage';
import { useSession } from '../auth/session';

/** /workouts: a member's own log ("My workouts"), or the programmes a trainer assigns ("Workouts"). */
export function WorkoutsPage() {
  const { role } = useSession();
  return role === 'member' ? (
    <ComingSoonPage title="page.myWorkouts.title" intro="page.myWorkouts.intro" />
  ) : (
    <ComingSoonPage title="page.workouts.title" intro="page.workouts.intro" />
  );
}
