import { ComingSoonPage } from '../../components/ComingSoonPage';

export function ProfilePage() {
  return <ComingSoonPage title="page.profile.title" intro="page.profile.intro" />;
}
