import { ComingSoonPage } from '../../components/ComingSoonPage';

export function SignupPage() {
  return <ComingSoonPage title="page.signup.title" intro="page.signup.intro" />;
}
