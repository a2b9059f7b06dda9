import { ComingSoonPage } from '../../components/ComingSoonPage';

export function LoginPage() {
  return <ComingSoonPage title="page.login.title" intro="page.login.intro" />;
}
