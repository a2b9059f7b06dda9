import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { getCalendar, listExercises, listRecentExercises, logSet, workoutKeys, type Exercise } from '../../api/workouts';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { DayView } from './DayView';
import { clock, formatNumber, matchesQuery, stepReps, stepWeight } from './logic';
import { useWorkoutMember } from './useWorkoutMember';

const restDefault = 90;
const shown = 30;

function ExercisePicker({ member, onPick }: { member: number; onPick: (exercise: Exercise) => void }) {
  const { t } = useI18n();
  const id = useId();
  const all = useQuery({ queryKey: workoutKeys.exercises, queryFn: listExercises, staleTime: 10 * 60_000 });
  const recent = useQuery({ queryKey: workoutKeys.recent(member), queryFn: () => listRecentExercises(member) });
  const [part, setPart] = useState('');
  const [equipment, setEquipment] = useState('');
  const [query, setQuery] = useState('');

  const exercises = all.data ?? [];
  const parts = useMemo(() => [...new Set(exercises.map((e) => e.body_part))].sort(), [exercises]);
  const inPart = exercises.filter((e) => !part || e.body_part === part);
  const equipments = [...new Set(inPart.map((e) => e.equipment))].sort();
  const filtering = part !== '' || equipment !== '' || query.trim() !== '';
  const matches = inPart.filter((e) => (!equipment || e.equipment === equipment) && matchesQuery(e, query));
  const recentIds = new Set((recent.data ?? []).map((e) => e.id));
  // Recent ones first, then exact names, then the catalogue order.
  const q = query.trim();
  const rank = (e: Exercise) => (recentIds.has(e.id) ? 0 : q && (e.exercise_name === q || e.name_en.toLowerCase() === q.toLowerCase()) ? 1 : 2);
  const ordered = [...matches].sort((a, b) => rank(a) - rank(b));
  const list = filtering ? ordered : (recent.data ?? []);

  return (
    <section className="card section section--wide picker" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workouts.pick.title')}</h2>
      <div className="chips" role="group" aria-label={t('workouts.pick.bodyPart')}>
        {['', ...parts].map((p) => (
          <button
            key={p || 'all'}
            type="button"
            className="chip"
            aria-pressed={part === p}
            onClick={() => {
              setPart(p);
              setEquipment('');
            }}
          >
            {p || t('workouts.pick.allParts')}
          </button>
        ))}
      </div>
      <div className="picker-filters">
        <label className="field-inline">
          <span>{t('workouts.pick.equipment')}</span>
          <select value={equipment} onChange={(e) => setEquipment(e.target.value)}>
            <option value="">{t('workouts.pick.allEquipment')}</option>
            {equipments.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('workouts.pick.search')}</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </label>
      </div>
      {!filtering && list.length > 0 && <h3 className="picker-subtitle">{t('workouts.pick.recent')}</h3>}
      {all.isPending && <p className="muted">{t('action.loading')}</p>}
      {filtering && list.length === 0 && !all.isPending && <p className="empty-state">{t('workouts.pick.none')}</p>}
      <ul className="exercise-list plain-list">
        {list.slice(0, shown).map((e) => (
          <li key={e.id}>
            <button type="button" className="exercise-choice" onClick={() => onPick(e)}>
              <span className="exercise-choice-name">{e.exercise_name}</span>
              <span className="muted">
                {e.body_part} · {e.equipment}
                {recentIds.has(e.id) ? ` · ${t('workouts.pick.recent')}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {list.length > shown && <p className="muted">{t('workouts.pick.more', { count: list.length - shown })}</p>}
    </section>
  );
}

function Stepper({
  label,
  value,
  onChange,
  step,
  decimals,
  inputMode,
}: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  step: (value: number, delta: number) => number;
  decimals: number;
  inputMode: 'numeric' | 'decimal';
}) {
  const { t, language } = useI18n();
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const delta = decimals === 0 ? 1 : 2.5;
  return (
    <div className="stepper">
      <label htmlFor={id} className="stepper-label">
        {label}
      </label>
      <div className="stepper-row">
        <button
          type="button"
          className="stepper-button"
          aria-label={t('workouts.entry.less', { what: label })}
          onClick={() => onChange(step(value, -delta))}
        >
          −{formatNumber(delta, language)}
        </button>
        <input
          id={id}
          className="stepper-input"
          type="text"
          inputMode={inputMode}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const n = Number(e.target.value.replace(',', '.'));
            if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(step(n, 0));
          }}
          onBlur={() => setText(String(value))}
        />
        <button
          type="button"
          className="stepper-button"
          aria-label={t('workouts.entry.more', { what: label })}
          onClick={() => onChange(step(value, delta))}
        >
          +{formatNumber(delta, language)}
        </button>
      </div>
    </div>
  );
}

/** Counts up while running; `seconds` is the time so far. */
function useStopwatch() {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [banked, setBanked] = useState(0);
  const [, tick] = useState(0);
  useEffect(() => {
    if (startedAt === null) return;
    const timer = window.setInterval(() => tick((n) => n + 1), 250);
    return () => window.clearInterval(timer);
  }, [startedAt]);
  const seconds = banked + (startedAt === null ? 0 : (Date.now() - startedAt) / 1000);
  return {
    seconds,
    running: startedAt !== null,
    start: () => setStartedAt(Date.now()),
    stop: () => {
      setBanked(seconds);
      setStartedAt(null);
    },
    reset: () => {
      setBanked(0);
      setStartedAt(null);
    },
  };
}

function RestTimer({ endsAt, onSkip, onAdd }: { endsAt: number; onSkip: () => void; onAdd: () => void }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((endsAt - now) / 1000));
  return (
    <div className="rest-timer" role="timer" aria-label={t('workouts.rest.title')} data-left={left}>
      <span className="rest-time" aria-hidden="true">
        {left > 0 ? clock(left) : '0:00'}
      </span>
      <span className="rest-text">{left > 0 ? t('workouts.rest.left', { time: clock(left) }) : t('workouts.rest.done')}</span>
      <div className="rest-actions">
        <button type="button" className="button button--secondary" onClick={onAdd}>
          {t('workouts.rest.add')}
        </button>
        <button type="button" className="button button--secondary" onClick={onSkip}>
          {t('workouts.rest.skip')}
        </button>
      </div>
    </div>
  );
}

function SetEntry({ member, exercise, onSaved }: { member: number; exercise: Exercise; onSaved: (pr: number | null) => void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [reps, setReps] = useState(10);
  const [weight, setWeight] = useState(exercise.weight_unit === 'none' ? 0 : 20);
  const [timed, setTimed] = useState(false);
  const watch = useStopwatch();
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      logSet(member, {
        exercise_id: exercise.id,
        repetitions: reps,
        weight_kg: weight,
        duration_sec: timed ? Math.round(watch.seconds * 10) / 10 : 0,
      }),
    onSuccess: async (set) => {
      watch.reset();
      setSaved(t('workouts.entry.saved', { exercise: exercise.exercise_name, number: set.set_number }));
      onSaved(set.personal_record ? set.personal_record.estimated_1rm_kg : null);
      await queryClient.invalidateQueries({ queryKey: workoutKeys.all(member) });
    },
  });
  return (
    <section className="card section section--wide set-entry" aria-label={t('workouts.entry.title')}>
      <p className="set-entry-exercise">
        <strong>{exercise.exercise_name}</strong> <span className="muted">{exercise.name_en}</span>
      </p>
      <Stepper label={t('workouts.entry.reps')} value={reps} onChange={setReps} step={stepReps} decimals={0} inputMode="numeric" />
      <Stepper
        label={t('workouts.entry.weight')}
        value={weight}
        onChange={setWeight}
        step={stepWeight}
        decimals={2}
        inputMode="decimal"
      />
      <div className="set-timer">
        <label className="checkbox">
          <input type="checkbox" checked={timed} onChange={(e) => setTimed(e.target.checked)} />
          {t('workouts.entry.timer')}
        </label>
        {timed && (
          <div className="set-timer-row">
            <span className="set-timer-clock" aria-live="off">
              {clock(watch.seconds)}
            </span>
            <button type="button" className="button button--secondary" onClick={watch.running ? watch.stop : watch.start}>
              {watch.running ? t('workouts.entry.timerStop') : t('workouts.entry.timerStart')}
            </button>
            <button type="button" className="button button--secondary" onClick={watch.reset}>
              {t('workouts.entry.timerReset')}
            </button>
          </div>
        )}
      </div>
      <button
        type="button"
        className="button button--block button--big"
        disabled={save.isPending}
        aria-busy={save.isPending || undefined}
        onClick={() => {
          if (watch.running) watch.stop();
          save.mutate();
        }}
      >
        {save.isPending ? t('workouts.entry.saving') : t('workouts.entry.save')}
      </button>
      {save.isError && (
        <p role="alert" className="inline-error">
          {t('workouts.entry.failed')}
        </p>
      )}
      <p role="status" className="muted set-saved">
        {save.isSuccess && saved ? `${saved} ${formatNumber(weight, language, 2)} kg × ${reps}` : ''}
      </p>
    </section>
  );
}

/** Live logging: pick an exercise, enter sets with big steppers, rest between them; the day's list below. */
export function LogPage() {
  const { t } = useI18n();
  const who = useWorkoutMember();
  const member = who.id;
  const [exercise, setExercise] = useState<Exercise | null>(null);
  const [restEndsAt, setRestEndsAt] = useState<number | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  // The member's today (their time zone, not the browser's) comes with the calendar.
  const calendar = useQuery({
    queryKey: workoutKeys.calendar(member ?? -1, 'current'),
    queryFn: () => getCalendar(member!, null),
    enabled: member !== null,
  });
  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(() => setToast(null), 6000);
    return () => window.clearTimeout(timer);
  }, [toast]);

  const title = who.own ? t('workouts.log.title') : t('workouts.log.titleFor', { name: who.name });
  if (member === null) return <Page title={title} />;
  const today = calendar.data?.today;

  return (
    <Page title={title}>
      <p className="breadcrumbs">
        <Link to={who.own ? '/workouts' : who.base}>{who.own ? t('workouts.backToMine') : t('workouts.backToMember')}</Link>
        {' · '}
        <Link to={`${who.base}/history`}>{t('workouts.open.history')}</Link>
      </p>
      <div className="log-layout">
        <div className="log-column">
          {exercise ? (
            <>
              <button type="button" className="link-button" onClick={() => setExercise(null)}>
                ← {t('workouts.pick.change')}
              </button>
              <SetEntry
                key={exercise.id}
                member={member}
                exercise={exercise}
                onSaved={(pr) => {
                  if (pr !== null) setToast(t('workouts.pr', { kg: formatNumber(pr, 'en', 1) }));
                  setRestEndsAt(Date.now() + restDefault * 1000);
                }}
              />
            </>
          ) : (
            <ExercisePicker member={member} onPick={setExercise} />
          )}
          {restEndsAt !== null && (
            <RestTimer
              endsAt={restEndsAt}
              onSkip={() => setRestEndsAt(null)}
              onAdd={() => setRestEndsAt((end) => Math.max(end ?? 0, Date.now()) + 30_000)}
            />
          )}
        </div>
        <div className="log-column">
          {today ? <DayView member={member} date={today} title={t('workouts.day.title')} /> : <p className="muted">{t('action.loading')}</p>}
        </div>
      </div>
      <div className="toast-region" role="status" aria-live="polite">
        {toast && <p className="toast">{toast}</p>}
      </div>
    </Page>
  );
}
