import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { getMyProfile, memberKeys, type Profile } from '../../api/members';
import { FormSummary, SubmitButton, TextField, useForm } from '../../components/Form';
import { Page } from '../../components/Page';
import { useI18n, type MessageKey } from '../../i18n';
import { NewPasswordFields } from '../auth/PasswordRules';
import { useSession } from '../auth/session';
import { useLogOut } from '../auth/useLogOut';
import { validateChangePassword, type ChangePasswordValues } from '../auth/validation';
import { BodyMetrics } from './BodyMetrics';
import { MyTrainerSection } from './MyTrainerSection';
import { PhotoSection } from './PhotoSection';
import { ProfileForm } from './ProfileForm';
import { profileCompletion, type CompletionItem } from './validation';
import { LoadFailed } from '../../components/LoadFailed';

const fields = ['current_password', 'new_password', 'confirm_password'] as const;
const empty: ChangePasswordValues = { current_password: '', new_password: '', confirm_password: '' };

function ChangePasswordForm({ email }: { email: string }) {
  const { t } = useI18n();
  const { replaceTokens } = useSession();
  const [values, setValues] = useState<ChangePasswordValues>(empty);
  const [done, setDone] = useState(false);

  const form = useForm({
    fields,
    validate: () => validateChangePassword(values),
    send: async () => {
      const reply = await unwrap(api.POST('/auth/password/change/', { body: values }));
      // The server ended every other session and gave this one new tokens.
      replaceTokens(reply.tokens);
      setValues(empty);
      setDone(true);
    },
  });

  const set = (key: keyof ChangePasswordValues, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setDone(false);
    form.clearError(key);
  };

  return (
    <section className="card section" aria-labelledby="change-password-title">
      <h2 id="change-password-title">{t('profile.changePassword')}</h2>
      <p className="muted">{t('profile.changePassword.note')}</p>
      <form ref={form.formRef} className="form" noValidate onSubmit={form.onSubmit} aria-busy={form.pending}>
        <FormSummary messages={form.summary} retrySeconds={form.retrySeconds} summaryRef={form.summaryRef} />
        {/* For password managers: whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          name="current_password"
          type="password"
          label={t('field.currentPassword')}
          autoComplete="current-password"
          required
          value={values.current_password}
          onValue={(value) => set('current_password', value)}
          errors={form.errors.current_password}
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
        <p role="status" className={done ? 'notice' : 'notice--empty'}>
          {done ? t('profile.changePassword.done') : ''}
        </p>
        <SubmitButton
          pending={form.pending}
          disabled={form.retrySeconds > 0}
          label={t('profile.changePassword.submit')}
          pendingLabel={t('profile.changePassword.pending')}
        />
      </form>
    </section>
  );
}

const completionLabels: Record<CompletionItem, MessageKey> = {
  name: 'field.name',
  phone: 'field.phone',
  age: 'field.age',
  height_cm: 'field.height',
  weight_kg: 'field.weight',
  photo: 'photo.title',
};

/** How complete the profile is, and what is still missing. */
export function CompletionCard({ profile }: { profile: Profile }) {
  const { t } = useI18n();
  const completion = profileCompletion(profile);
  const complete = profile.profile_completed || completion.missing.length === 0;
  return (
    <section className="card section completion" aria-labelledby="completion-title">
      <h2 id="completion-title">{t('profile.completion')}</h2>
      <div className="completion-row">
        <meter
          className="completion-meter"
          min={0}
          max={100}
          value={complete ? 100 : completion.percent}
          aria-labelledby="completion-title"
          aria-describedby="completion-text"
        />
        <span id="completion-text" className={`badge${complete ? '' : ' badge--warn'}`}>
          {complete ? t('profile.complete') : t('profile.completionPercent', { percent: completion.percent })}
        </span>
      </div>
      {!complete && completion.missing.length > 0 && (
        <p className="muted">
          {t('profile.missing', { fields: completion.missing.map((item) => t(completionLabels[item])).join(', ') })}
        </p>
      )}
    </section>
  );
}

function AccountSection() {
  const { t } = useI18n();
  const { user } = useSession();
  const { pending, logOut } = useLogOut();
  if (!user) return null;
  return (
    <section className="card section" aria-labelledby="account-title">
      <h2 id="account-title">{t('profile.account')}</h2>
      <dl className="facts">
        <dt>{t('field.email')}</dt>
        <dd>
          {user.email}{' '}
          {user.email_verified ? (
            <span className="badge">{t('profile.emailVerified')}</span>
          ) : (
            <Link className="badge badge--warn" to="/verify-email">
              {t('profile.emailUnverified')}
            </Link>
          )}
        </dd>
        <dt>{t('profile.type')}</dt>
        <dd>{t(`role.${user.user_type}`)}</dd>
      </dl>
      <button type="button" className="button button--secondary" onClick={() => void logOut()} disabled={pending}>
        {pending ? t('auth.loggingOut') : t('auth.logout')}
      </button>
    </section>
  );
}

export function ProfilePage() {
  const { t } = useI18n();
  const { user } = useSession();
  const profile = useQuery({ queryKey: memberKeys.profile, queryFn: getMyProfile, enabled: !!user });
  if (!user) return null; // the route guard lets only signed-in users in

  return (
    <Page title={t('page.profile.title')}>
      <p className="lead">{t('page.profile.intro')}</p>
      {profile.isPending ? (
        <p className="muted" role="status">
          {t('action.loading')}
        </p>
      ) : profile.isError ? (
        <LoadFailed message="profile.loadFailed" onRetry={() => profile.refetch()} className="section" />
      ) : (
        <div className="profile-grid">
          <div className="profile-column">
            <CompletionCard profile={profile.data} />
            <PhotoSection profile={profile.data} />
            <ProfileForm profile={profile.data} />
          </div>
          <div className="profile-column">
            <BodyMetrics who="me" timeZone={profile.data.time_zone ?? 'Asia/Seoul'} title={t('metrics.title')} />
            {user.user_type === 'member' && <MyTrainerSection />}
          </div>
        </div>
      )}
      <AccountSection />
      <ChangePasswordForm email={user.email} />
    </Page>
  );
}
