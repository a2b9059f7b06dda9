import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { FormSummary, SubmitButton, TextField, useForm } from '../../components/Form';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { readAuthState, type AuthLocationState } from './locationState';
import { NewPasswordFields } from './PasswordRules';
import { normalizeCode, validateResetPassword, type ResetPasswordValues } from './validation';

const fields = ['email', 'code', 'new_password', 'confirm_password'] as const;

/** Step two of a password reset: the e-mailed code and the new password. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const state = readAuthState(useLocation().state);
  const [search] = useSearchParams();
  const [values, setValues] = useState<ResetPasswordValues>({
    email: state.email ?? search.get('email') ?? '',
    code: normalizeCode(search.get('code') ?? ''),
    new_password: '',
    confirm_password: '',
  });

  const form = useForm({
    fields,
    validate: () => validateResetPassword(values),
    send: async () => {
      const email = values.email.trim();
      await unwrap(api.POST('/auth/password/reset/confirm/', { body: { ...values, email } }));
      // Every session of the account has ended; the user logs in with the new password.
      navigate('/login', { replace: true, state: { notice: 'notice.passwordReset', email } satisfies AuthLocationState });
    },
  });

  const set = (key: keyof ResetPasswordValues, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    form.clearError(key);
  };

  return (
    <Page title={t('page.resetPassword.title')}>
      <p className="lead">{t('page.resetPassword.intro')}</p>
      {state.codeSent && state.email && (
        <p role="status" className="notice">
          {t('reset.sent', { email: state.email })}
        </p>
      )}
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
          value={values.email}
          onValue={(value) => set('email', value)}
          errors={form.errors.email}
        />
        <TextField
          name="code"
          className="field--code"
          label={t('field.code')}
          hint={t('field.code.hint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={values.code}
          onValue={(value) => set('code', normalizeCode(value))}
          errors={form.errors.code}
        />
        <NewPasswordFields
          name="new_password"
          password={values.new_password}
          confirm={values.confirm_password}
          onPassword={(value) => set('new_password', value)}
          onConfirm={(value) => set('confirm_password', value)}
          passwordErrors={form.errors.new_password}
          confirmErrors={form.errors.confirm_password}
        />
        <SubmitButton
          pending={form.pending}
          disabled={form.retrySeconds > 0}
          label={t('reset.submit')}
          pendingLabel={t('reset.pending')}
        />
      </form>
      <p className="form-footer">
        <Link to="/forgot-password" state={{ email: values.email.trim() } satisfies AuthLocationState}>
          {t('reset.askAgain')}
        </Link>
      </p>
    </Page>
  );
}
