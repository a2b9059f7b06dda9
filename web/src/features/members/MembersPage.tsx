import { ComingSoonPage } from '../../components/ComingSoonPage';

export function MembersPage() {
  return <ComingSoonPage title="page.members.title" intro="page.members.intro" />;
}
