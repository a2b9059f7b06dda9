import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { FormSummary, SubmitButton, TextField, useForm } from '../../components/Form';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { readAuthState, type AuthLocationState } from './locationState';
import { validateEmailOnly } from './validation';

const fields = ['email'] as const;

/** Step one of a password reset: the address to e-mail a code to. Step two is /reset-password. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const state = readAuthState(useLocation().state);
  const [email, setEmail] = useState(state.email ?? '');

  const form = useForm({
    fields,
    validate: () => validateEmailOnly({ email }),
    send: async () => {
      const address = email.trim();
      // The same answer whether or not the address has an account.
      await unwrap(api.POST('/auth/password/reset/', { body: { email: address } }));
      navigate('/reset-password', { state: { email: address, codeSent: true } satisfies AuthLocationState });
    },
  });

  return (
    <Page title={t('page.forgotPassword.title')}>
      <p className="lead">{t('page.forgotPassword.intro')}</p>
      <form ref={form.formRef} className="form card" noValidate onSubmit={form.onSubmit} aria-busy={form.pending}>
        <FormSummary messages={form.summary} retrySeconds={form.retrySeconds} summaryRef={form.summaryRef} />
        <TextField
          name="email"
          type="email"
          label={t('field.email')}
          autoComplete="email"
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
        <SubmitButton
          pending={form.pending}
          disabled={form.retrySeconds > 0}
          label={t('forgot.submit')}
          pendingLabel={t('forgot.pending')}
        />
      </form>
      <p className="form-footer">
        {t('forgot.remembered')} <Link to="/login">{t('signup.loginLink')}</Link>
      </p>
    </Page>
  );
}
