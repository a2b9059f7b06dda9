import { ComingSoonPage } from '../../components/ComingSoonPage';

export function DemonstrationsPage() {
  return <ComingSoonPage title="page.demonstrations.title" intro="page.demonstrations.intro" />;
}
