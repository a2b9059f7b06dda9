// /workouts for trainers: start a session for one of their members (log or history in one tap), and their own
// private exercises, which they can add to the catalogue for their members only.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { listMyMembers } from '../../api/members';
import { createExercise, listExercises, workoutKeys, type Exercise } from '../../api/workouts';
import { Avatar } from '../../components/Avatar';
import { FormNotice, FormSummary, SelectField, SubmitButton, TextField, useForm } from '../../components/Form';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { msg, type FieldErrors } from '../auth/validation';
import { filterMembers } from '../members/search';
import { LoadFailed } from '../../components/LoadFailed';

const exerciseFields = ['exercise_name', 'name_en', 'body_part', 'equipment', 'met_value'] as const;
type ExerciseField = (typeof exerciseFields)[number];
const empty: Record<ExerciseField, string> = { exercise_name: '', name_en: '', body_part: '', equipment: '', met_value: '' };

/** Checks the custom-exercise form the way the server does; returns the errors to show. */
export function validateCustomExercise(values: Record<ExerciseField, string>): FieldErrors<ExerciseField> {
  const errors: FieldErrors<ExerciseField> = {};
  if (!values.exercise_name.trim()) errors.exercise_name = [msg('error.required')];
  else if ([...values.exercise_name].length > 100) errors.exercise_name = [msg('error.nameLength', { max: 100 })];
  if (!values.body_part) errors.body_part = [msg('error.required')];
  if ([...values.name_en].length > 100) errors.name_en = [msg('error.nameLength', { max: 100 })];
  if (!values.equipment.trim()) errors.equipment = [msg('error.required')];
  if (values.met_value.trim()) {
    const met = Number(values.met_value);
    if (!Number.isFinite(met) || met < 1 || met > 20) errors.met_value = [msg('error.between', { min: 1, max: 20 })];
  }
  return errors;
}

function SessionMembers() {
  const { t } = useI18n();
  const id = useId();
  const [filter, setFilter] = useState('');
  const query = useQuery({ queryKey: ['members', 'list'], queryFn: listMyMembers });
  const members = useMemo(() => filterMembers(query.data?.members ?? [], filter), [query.data, filter]);
  return (
    <section className="card section section--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workouts.trainer.session')}</h2>
      {query.isPending ? (
        <p className="muted">{t('action.loading')}</p>
      ) : query.isError ? (
        <LoadFailed message="members.loadFailed" onRetry={() => query.refetch()} />
      ) : (query.data?.members.length ?? 0) === 0 ? (
        <p className="empty-state">
          {t('workouts.trainer.noMembers')} <Link to="/members">{t('workouts.trainer.findMembers')}</Link>
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-filter`}>{t('members.filter')}</label>
            <input
              id={`${id}-filter`}
              type="search"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              autoComplete="off"
            />
          </div>
          <ul className="people">
            {members.map((member) => (
              <li key={member.id} className="people-item">
                <Link to={`/members/${member.id}`} className="people-link">
                  <Avatar src={member.profile_image} name={member.name} />
                  <span className="people-text">
                    <span className="people-name">{member.name}</span>
                  </span>
                </Link>
                <Link
                  className="button button--small"
                  to={`/members/${member.id}/log`}
                  aria-label={t('workouts.trainer.logFor', { name: member.name })}
                >
                  {t('workouts.trainer.log')}
                </Link>
                <Link
                  className="button button--small button--secondary"
                  to={`/members/${member.id}/history`}
                  aria-label={t('workouts.trainer.historyOf', { name: member.name })}
                >
                  {t('workouts.trainer.history')}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function CustomExercises() {
  const { t, language } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(empty);
  const [added, setAdded] = useState<Exercise | null>(null);
  const catalog = useQuery({ queryKey: workoutKeys.exercises, queryFn: listExercises });
  const mine = (catalog.data ?? []).filter((exercise) => exercise.custom);
  // The catalogue's own body parts (the server accepts no other); the first until one is chosen.
  const bodyParts = useMemo(() => [...new Set((catalog.data ?? []).map((e) => e.body_part))].sort(), [catalog.data]);
  const bodyPart = values.body_part || bodyParts[0] || '';
  const create = useMutation({ mutationFn: createExercise });
  const form = useForm<ExerciseField>({
    fields: exerciseFields,
    validate: () => validateCustomExercise({ ...values, body_part: bodyPart }),
    send: async () => {
      const exercise = await create.mutateAsync({
        exercise_name: values.exercise_name.trim(),
        body_part: bodyPart,
        equipment: values.equipment.trim(),
        ...(values.name_en.trim() ? { name_en: values.name_en.trim() } : {}),
        ...(values.met_value.trim() ? { met_value: Number(values.met_value) } : {}),
      });
      setAdded(exercise);
      setValues(empty);
      await queryClient.invalidateQueries({ queryKey: workoutKeys.exercises });
    },
  });
  const set = (field: ExerciseField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setAdded(null);
    form.clearError(field);
  };
  const name = (exercise: Exercise) => (language === 'en' && exercise.name_en ? exercise.name_en : exercise.exercise_name);

  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workouts.custom.title')}</h2>
      <p className="muted">{t('workouts.custom.intro')}</p>
      {mine.length > 0 && (
        <ul className="plain-list" aria-label={t('workouts.custom.title')}>
          {mine.map((exercise) => (
            <li key={exercise.id}>
              <strong>{name(exercise)}</strong>{' '}
              <span className="muted">
                {exercise.body_part} · {exercise.equipment} · MET {exercise.met_value}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form ref={form.formRef} className="form" noValidate onSubmit={form.onSubmit} aria-busy={form.pending}>
        <FormSummary messages={form.summary} retrySeconds={form.retrySeconds} summaryRef={form.summaryRef} />
        <TextField
          name="exercise_name"
          label={t('workouts.custom.name')}
          required
          value={values.exercise_name}
          onValue={(value) => set('exercise_name', value)}
          errors={form.errors.exercise_name}
        />
        <TextField
          name="name_en"
          label={t('workouts.custom.nameEn')}
          value={values.name_en}
          onValue={(value) => set('name_en', value)}
          errors={form.errors.name_en}
        />
        <SelectField
          name="body_part"
          label={t('workouts.pick.bodyPart')}
          value={bodyPart}
          options={bodyParts.map((part) => ({ value: part, label: part }))}
          onValue={(value) => set('body_part', value)}
          errors={form.errors.body_part}
        />
        <TextField
          name="equipment"
          label={t('workouts.custom.equipment')}
          required
          value={values.equipment}
          onValue={(value) => set('equipment', value)}
          errors={form.errors.equipment}
        />
        <TextField
          name="met_value"
          label={t('workouts.custom.met')}
          inputMode="decimal"
          value={values.met_value}
          onValue={(value) => set('met_value', value)}
          errors={form.errors.met_value}
          hint={t('workouts.custom.metHint')}
        />
        <SubmitButton pending={form.pending} label={t('workouts.custom.add')} pendingLabel={t('workouts.custom.adding')} />
      </form>
      {added && <FormNotice>{t('workouts.custom.added', { name: name(added) })}</FormNotice>}
    </section>
  );
}

export function TrainerWorkouts() {
  const { t } = useI18n();
  return (
    <Page title={t('page.workouts.title')}>
      <p className="lead">{t('page.workouts.intro')}</p>
      <SessionMembers />
      <CustomExercises />
    </Page>
  );
}
