import { ComingSoonPage } from '../../components/ComingSoonPage';

export function CommunityPage() {
  return <ComingSoonPage title="page.community.title" intro="page.community.intro" />;
}
