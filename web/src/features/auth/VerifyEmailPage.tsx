import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { FormSummary, SubmitButton, TextField, useCountdown, useForm } from '../../components/Form';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { describeProblem } from './problems';
import { readAuthState, type AuthLocationState } from './locationState';
import { useSession } from './session';
import { hasErrors, normalizeCode, validateEmailOnly, validateVerifyEmail } from './validation';

const fields = ['email', 'code'] as const;
/** The server's wait between two codes for one address. */
const kResendCooldownSeconds = 60;

export function VerifyEmailPage() {
  const { t } = useI18n();
  const { user, status, updateUser } = useSession();
  const navigate = useNavigate();
  const state = readAuthState(useLocation().state);
  const [email, setEmail] = useState(user?.email ?? state.email ?? '');
  const [code, setCode] = useState('');
  const [resending, setResending] = useState(false);
  const [resent, setResent] = useState(false);
  const cooldown = useCountdown();
  const startCooldown = cooldown.start;

  // A deep link: the session arrives after the first render.
  useEffect(() => {
    if (user) setEmail((current) => current || user.email);
  }, [user]);

  // Coming from sign-up, a code was sent a moment ago and the server will not send another for a minute.
  useEffect(() => {
    if (state.codeSent) startCooldown(kResendCooldownSeconds);
  }, [state.codeSent, startCooldown]);

  const form = useForm({
    fields,
    validate: () => validateVerifyEmail({ email, code }),
    send: async () => {
      const reply = await unwrap(api.POST('/auth/verify-email/', { body: { email: email.trim(), code } }));
      if (user) {
        if (reply.user.id === user.id) updateUser({ email_verified: reply.user.email_verified });
        navigate('/', { state: { notice: 'notice.emailVerified' } satisfies AuthLocationState });
      } else {
        navigate('/login', {
          state: { notice: 'notice.emailVerifiedLogIn', email: email.trim() } satisfies AuthLocationState,
        });
      }
    },
  });

  const resend = async () => {
    if (resending || cooldown.seconds > 0) return;
    const errors = validateEmailOnly({ email });
    if (hasErrors(errors)) {
      form.showErrors(errors);
      return;
    }
    setResending(true);
    setResent(false);
    try {
      await unwrap(api.POST('/auth/verify-email/resend/', { body: { email: email.trim() } }));
      setResent(true);
      startCooldown(kResendCooldownSeconds);
    } catch (error) {
      const problem = describeProblem(error, fields);
      if (problem.retryAfter) startCooldown(problem.retryAfter);
      else form.showErrors(problem.fields, problem.summary);
    } finally {
      setResending(false);
    }
  };

  if (status === 'ready' && user?.email_verified) {
    return (
      <Page title={t('page.verifyEmail.title')}>
        <p className="lead">{t('verify.already')}</p>
        <Link className="button" to="/">
          {t('verify.home')}
        </Link>
      </Page>
    );
  }

  return (
    <Page title={t('page.verifyEmail.title')}>
      <p className="lead">{t('page.verifyEmail.intro')}</p>
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
        <TextField
          name="code"
          className="field--code"
          label={t('field.code')}
          hint={t('field.code.hint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          enterKeyHint="done"
          required
          value={code}
          onValue={(value) => {
            setCode(normalizeCode(value));
            form.clearError('code');
          }}
          errors={form.errors.code}
        />
        <SubmitButton
          pending={form.pending}
          disabled={form.retrySeconds > 0}
          label={t('verify.submit')}
          pendingLabel={t('verify.pending')}
        />
        <div className="resend">
          <button
            type="button"
            className="button button--secondary button--block"
            onClick={() => void resend()}
            disabled={resending || cooldown.seconds > 0}
          >
            {resending
              ? t('verify.resending')
              : cooldown.seconds > 0
                ? t('verify.resendIn', { seconds: cooldown.seconds })
                : t('verify.resend')}
          </button>
          <p role="status" className="resend-status">
            {resent ? t('verify.resent') : ''}
          </p>
        </div>
      </form>
    </Page>
  );
}
