import { useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { FormSummary, SubmitButton, TextField, useForm } from '../../components/Form';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { afterLogin, readAuthState } from './locationState';
import { useSession } from './session';
import { validateLogin } from './validation';

const fields = ['email', 'password'] as const;

export function LoginPage() {
  const { t } = useI18n();
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const state = readAuthState(useLocation().state);
  const [email, setEmail] = useState(state.email ?? '');
  const [password, setPassword] = useState('');
  const signingIn = useRef(false);

  const form = useForm({
    fields,
    validate: () => validateLogin({ email, password }),
    send: async () => {
      const reply = await unwrap(api.POST('/auth/login/', { body: { email: email.trim(), password } }));
      signingIn.current = true;
      signIn(reply.tokens, reply.user);
      navigate(afterLogin(state), { replace: true });
    },
  });

  // Already signed in (a bookmark, the back button): nothing to do here.
  if (user && !signingIn.current) return <Navigate to="/" replace />;

  return (
    <Page title={t('page.login.title')}>
      <p className="lead">{t('page.login.intro')}</p>
      <form ref={form.formRef} className="form card" noValidate onSubmit={form.onSubmit} aria-busy={form.pending}>
        <FormSummary messages={form.summary} retrySeconds={form.retrySeconds} summaryRef={form.summaryRef} />
        <TextField
          name="email"
          type="email"
          label={t('field.email')}
          autoComplete="username"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={email}
          onValue={(value) => {
            setEmail(value);
            form.clearError('email');
          }}
          errors={form.errors.email}
        />
        <TextField
          name="password"
          type="password"
          label={t('field.password')}
          autoComplete="current-password"
          required
          value={password}
          onValue={(value) => {
            setPassword(value);
            form.clearError('password');
          }}
          errors={form.errors.password}
        />
        <p className="form-aside">
          <Link to="/forgot-password" state={{ email: email.trim() }}>
            {t('login.forgot')}
          </Link>
        </p>
        <SubmitButton
          pending={form.pending}
          disabled={form.retrySeconds > 0}
          label={t('login.submit')}
          pendingLabel={t('login.pending')}
        />
      </form>
      <p className="form-footer">
        {t('login.noAccount')} <Link to="/signup">{t('login.signupLink')}</Link>
      </p>
    </Page>
  );
}
