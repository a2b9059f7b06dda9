import { useRef, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { CheckboxField, FormSummary, RadioGroup, SubmitButton, TextField, useForm } from '../../components/Form';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import type { AuthLocationState } from './locationState';
import { NewPasswordFields } from './PasswordRules';
import { useSession } from './session';
import { validateSignup, type SignupField, type SignupValues } from './validation';

const fields: readonly SignupField[] = [
  'name',
  'email',
  'password',
  'confirm_password',
  'user_type',
  'terms_agreed',
  'privacy_agreed',
];

const initial: SignupValues = {
  name: '',
  email: '',
  password: '',
  confirm_password: '',
  user_type: '',
  terms_agreed: false,
  privacy_agreed: false,
  marketing_agreed: false,
};

export function SignupPage() {
  const { t } = useI18n();
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState<SignupValues>(initial);
  const signingUp = useRef(false);

  const form = useForm({
    fields,
    validate: () => validateSignup(values),
    send: async () => {
      const email = values.email.trim();
      const { user_type } = values;
      if (!user_type) return; // validateSignup() requires it
      await unwrap(
        api.POST('/auth/sign-up/', {
          body: {
            name: values.name.trim(),
            email,
            password: values.password,
            confirm_password: values.confirm_password,
            user_type,
            terms_agreed: values.terms_agreed,
            privacy_agreed: values.privacy_agreed,
            marketing_agreed: values.marketing_agreed,
          },
        }),
      );
      // The account exists and the server has e-mailed the code. Log in at once, then ask for the code.
      signingUp.current = true;
      try {
        const reply = await unwrap(api.POST('/auth/login/', { body: { email, password: values.password } }));
        signIn(reply.tokens, reply.user);
        navigate('/verify-email', { state: { codeSent: true } satisfies AuthLocationState });
      } catch (error) {
        // Signed up but not logged in (throttled, server gone): the login page takes it from there.
        if (!(error instanceof ApiError)) throw error;
        navigate('/login', { state: { notice: 'notice.signedUpLogIn', email } satisfies AuthLocationState });
      }
    },
  });

  if (user && !signingUp.current) return <Navigate to="/" replace />;

  const set = <K extends keyof SignupValues>(key: K, value: SignupValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    if (key !== 'marketing_agreed') form.clearError(key as SignupField);
  };

  return (
    <Page title={t('page.signup.title')}>
      <p className="lead">{t('page.signup.intro')}</p>
      <form ref={form.formRef} className="form card" noValidate onSubmit={form.onSubmit} aria-busy={form.pending}>
        <FormSummary messages={form.summary} retrySeconds={form.retrySeconds} summaryRef={form.summaryRef} />
        <RadioGroup
          name="user_type"
          legend={t('field.userType')}
          value={values.user_type}
          required
          options={[
            {
              value: 'member',
              label: t('field.userType.member'),
              description: t('field.userType.member.description'),
            },
            {
              value: 'trainer',
              label: t('field.userType.trainer'),
              description: t('field.userType.trainer.description'),
            },
          ]}
          onValue={(value) => set('user_type', value)}
          errors={form.errors.user_type}
        />
        <TextField
          name="name"
          label={t('field.name')}
          autoComplete="name"
          required
          maxLength={100}
          value={values.name}
          onValue={(value) => set('name', value)}
          errors={form.errors.name}
        />
        <TextField
          name="email"
          type="email"
          label={t('field.email')}
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.email}
          onValue={(value) => set('email', value)}
          errors={form.errors.email}
        />
        <NewPasswordFields
          name="password"
          password={values.password}
          confirm={values.confirm_password}
          onPassword={(value) => set('password', value)}
          onConfirm={(value) => set('confirm_password', value)}
          passwordErrors={form.errors.password}
          confirmErrors={form.errors.confirm_password}
        />
        <fieldset className="field field--agreements">
          <legend>{t('field.agreements')}</legend>
          <CheckboxField
            name="terms_agreed"
            label={t('field.terms')}
            required
            checked={values.terms_agreed}
            onChecked={(checked) => set('terms_agreed', checked)}
            errors={form.errors.terms_agreed}
          />
          <CheckboxField
            name="privacy_agreed"
            label={t('field.privacy')}
            required
            checked={values.privacy_agreed}
            onChecked={(checked) => set('privacy_agreed', checked)}
            errors={form.errors.privacy_agreed}
          />
          <CheckboxField
            name="marketing_agreed"
            label={t('field.marketing')}
            checked={values.marketing_agreed}
            onChecked={(checked) => set('marketing_agreed', checked)}
          />
        </fieldset>
        <SubmitButton
          pending={form.pending}
          disabled={form.retrySeconds > 0}
          label={t('signup.submit')}
          pendingLabel={t('signup.pending')}
        />
      </form>
      <p className="form-footer">
        {t('signup.haveAccount')} <Link to="/login">{t('signup.loginLink')}</Link>
      </p>
    </Page>
  );
}
