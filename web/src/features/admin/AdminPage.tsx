import { ComingSoonPage } from '../../components/ComingSoonPage';

export function AdminPage() {
  return <ComingSoonPage title="page.admin.title" intro="page.admin.intro" />;
}
