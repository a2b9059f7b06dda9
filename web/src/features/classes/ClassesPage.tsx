import { ComingSoonPage } from '../../components/ComingSoonPage';

export function ClassesPage() {
  return <ComingSoonPage title="page.classes.title" intro="page.classes.intro" />;
}
