import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { getMemberDetail, getProfile, memberKeys, unassignMember, type MemberDetail, type PersonSummary } from '../../api/members';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { BodyMetrics } from '../profile/BodyMetrics';
import { profileCompletion } from '../profile/validation';
import { memberActionError } from './MembersPage';
import { LoadFailed } from '../../components/LoadFailed';

function Contact({ person }: { person: Pick<PersonSummary, 'email' | 'phone'> }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{t('field.email')}</dt>
      <dd>
        <a href={`mailto:${person.email}`}>{person.email}</a>
      </dd>
      <dt>{t('field.phone')}</dt>
      <dd>{person.phone ? <a href={`tel:${person.phone.replace(/[^\d+]/g, '')}`}>{person.phone}</a> : '—'}</dd>
    </>
  );
}

function MemberFacts({ member }: { member: MemberDetail }) {
  const { t, language } = useI18n();
  const number = new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: 2 });
  const show = (value: number | null, unit: string) => (value === null ? '—' : `${number.format(value)} ${unit}`.trim());
  const completion = profileCompletion({ ...member, user_type: 'member' });
  return (
    <section className="card section" aria-labelledby="member-profile-title">
      <h2 id="member-profile-title">{t('member.profile')}</h2>
      <div className="person">
        <Avatar src={member.profile_image} name={member.name} size="lg" />
        <div className="person-text">
          <p className="person-name">{member.name}</p>
          <span className={`badge${member.profile_completed ? '' : ' badge--warn'}`}>
            {member.profile_completed
              ? t('members.profileComplete')
              : t('profile.completionPercent', { percent: completion.percent })}
          </span>
        </div>
      </div>
      <dl className="facts">
        <Contact person={member} />
        <dt>{t('field.age')}</dt>
        <dd>{member.age === null ? '—' : t('member.ageValue', { age: member.age })}</dd>
        <dt>{t('field.height')}</dt>
        <dd>{show(member.height_cm, '')}</dd>
        <dt>{t('field.weight')}</dt>
        <dd>{show(member.weight_kg, '')}</dd>
        <dt>{t('field.bodyFat')}</dt>
        <dd>{show(member.body_fat_percentage, '')}</dd>
        <dt>{t('field.muscleMass')}</dt>
        <dd>{show(member.muscle_mass_kg, '')}</dd>
      </dl>
    </section>
  );
}

/** One member, as their trainer sees them: profile, body metrics, trainer, recent workouts. */
export function MemberPage() {
  const { t, say } = useI18n();
  const { user } = useSession();
  const params = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const memberId = /^\d+$/.test(params.memberId ?? '') ? Number(params.memberId) : null;
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({
    queryKey: memberKeys.detail(memberId ?? -1),
    queryFn: () => getMemberDetail(memberId!),
    enabled: memberId !== null,
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
  });
  // The member's time zone: their days, for the chart's range and dates.
  const profile = useQuery({
    queryKey: ['members', 'profile', memberId ?? -1],
    queryFn: () => getProfile(memberId!),
    enabled: memberId !== null && query.isSuccess,
  });
  const unassign = useMutation({
    mutationFn: () => unassignMember(memberId!),
    onSuccess: async () => {
      const name = query.data?.member.name ?? '';
      await queryClient.invalidateQueries({ queryKey: ['members'] });
      setConfirming(false);
      await navigate('/members', { state: { unassigned: name } });
    },
  });

  const notFound = memberId === null || (query.error instanceof ApiError && query.error.status === 404);
  if (notFound) {
    return (
      <Page title={t('member.notFound')}>
        <p className="lead">{t('member.notFound.body')}</p>
        <Link className="button" to="/members">
          {t('member.back')}
        </Link>
      </Page>
    );
  }
  if (query.isPending) {
    return (
      <Page title={t('page.members.title')}>
        <p className="muted" role="status">
          {t('action.loading')}
        </p>
      </Page>
    );
  }
  if (query.isError) {
    return (
      <Page title={t('page.members.title')}>
        <LoadFailed message="members.loadFailed" onRetry={() => query.refetch()} />
      </Page>
    );
  }

  const { member, workout_records: workouts, total_workouts: totalWorkouts } = query.data;
  const trainer = member.trainer_info;
  const mine = trainer?.id === user?.id;

  return (
    <Page title={member.name}>
      <p className="breadcrumbs">
        <Link to="/members">{t('member.back')}</Link>
      </p>
      <div className="profile-grid">
        <div className="profile-column">
          <MemberFacts member={member} />
          <section className="card section" aria-labelledby="member-trainer-title">
            <h2 id="member-trainer-title">{t('member.trainer')}</h2>
            {trainer ? (
              <>
                <div className="person">
                  <Avatar src={trainer.profile_image} name={trainer.name} />
                  <div className="person-text">
                    <p className="person-name">
                      {trainer.name} {mine && <span className="badge">{t('member.trainerIsMe')}</span>}
                    </p>
                  </div>
                </div>
                <dl className="facts">
                  <Contact person={trainer} />
                </dl>
              </>
            ) : (
              <p className="empty-state">{t('member.noTrainer')}</p>
            )}
            {mine && (
              <button
                type="button"
                className="button button--secondary button--danger-outline"
                onClick={() => {
                  unassign.reset();
                  setConfirming(true);
                }}
              >
                {t('members.unassign')}
              </button>
            )}
          </section>
        </div>
        <div className="profile-column">
          {profile.isPending ? (
            <section className="card section section--wide" aria-label={t('metrics.title')}>
              <p className="muted">{t('action.loading')}</p>
            </section>
          ) : (
            <BodyMetrics who={member.id} timeZone={profile.data?.time_zone ?? 'Asia/Seoul'} title={t('metrics.title')} />
          )}
          <section className="card section section--wide" aria-labelledby="member-workouts-title">
            <h2 id="member-workouts-title">
              {t('member.workouts')} {totalWorkouts > 0 && <span className="count">({totalWorkouts})</span>}
            </h2>
            <p className="workout-links">
              <Link className="button" to={`/members/${member.id}/log`}>
                {t('workouts.open.log')}
              </Link>
              <Link className="button button--secondary" to={`/members/${member.id}/history`}>
                {t('workouts.open.history')}
              </Link>
              <Link className="button button--secondary" to={`/members/${member.id}/coaching`}>
                {t('member.coaching')}
              </Link>
            </p>
            {workouts.length === 0 ? (
              <p className="empty-state">{t('member.workouts.empty')}</p>
            ) : (
              <ul className="plain-list">
                {workouts.slice(0, 10).map((workout, i) => (
                  <li key={workout.id ?? i}>
                    {[workout.date, workout.title].filter(Boolean).join(' · ') || t('member.workouts.untitled')}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('members.unassignTitle', { name: member.name })}
        confirmLabel={t('members.unassign')}
        pendingLabel={t('members.unassigning')}
        danger
        pending={unassign.isPending}
        error={unassign.isError ? memberActionError(unassign.error, member.name) : null}
        onConfirm={() => unassign.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{say({ key: 'members.unassignBody', values: { name: member.name } })}</p>
      </ConfirmDialog>
    </Page>
  );
}
