import { ComingSoonPage } from '../../components/ComingSoonPage';

export function CoachingPage() {
  return <ComingSoonPage title="page.coaching.title" intro="page.coaching.intro" />;
}
