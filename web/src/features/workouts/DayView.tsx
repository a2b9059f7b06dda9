import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { deleteSet, getDay, getSets, updateSet, workoutKeys, type DayRecord, type WorkoutSet } from '../../api/workouts';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useI18n } from '../../i18n';
import { clock, formatNumber } from './logic';
import { LoadFailed } from '../../components/LoadFailed';

/** A day's totals: sets, time, calories, volume. */
export function DayTotals({ sets, seconds, kcal, volume }: { sets: number; seconds: number; kcal: number; volume: number }) {
  const { t, language } = useI18n();
  return (
    <dl className="day-totals" aria-label={t('workouts.totals.label')}>
      <div>
        <dt>{t('workouts.totals.sets')}</dt>
        <dd data-total="sets">{sets}</dd>
      </div>
      <div>
        <dt>{t('workouts.totals.time')}</dt>
        <dd data-total="time">{clock(seconds)}</dd>
      </div>
      <div>
        <dt>{t('workouts.totals.kcal')}</dt>
        <dd data-total="kcal">{formatNumber(kcal, language, 0)} kcal</dd>
      </div>
      <div>
        <dt>{t('workouts.totals.volume')}</dt>
        <dd data-total="volume">{formatNumber(volume, language)} kg</dd>
      </div>
    </dl>
  );
}

type Editing = { record: DayRecord; set: WorkoutSet; mode: 'edit' | 'delete' } | null;

function ExerciseSets({
  member,
  record,
  onEdit,
  onDelete,
}: {
  member: number;
  record: DayRecord;
  onEdit?: (set: WorkoutSet) => void;
  onDelete?: (set: WorkoutSet) => void;
}) {
  const { t, language } = useI18n();
  const sets = useQuery({ queryKey: workoutKeys.sets(member, record.id), queryFn: () => getSets(member, record.id) });
  return (
    <li className="day-exercise card" data-exercise={record.exercise_name}>
      <h3 className="day-exercise-name">{record.exercise_name}</h3>
      <p className="muted">
        {[record.body_part, record.equipment].filter(Boolean).join(' · ')} ·{' '}
        {t('workouts.exercise.summary', {
          sets: record.set_count,
          volume: formatNumber(record.volume_kg, language),
          kcal: formatNumber(record.calories_burned, language, 0),
        })}
      </p>
      {sets.data && (
        <ol className="set-list">
          {sets.data.sets.map((set) => (
            <li key={set.set_id} className="set-row" data-source={set.source ?? ''}>
              <span className="set-number">{t('workouts.set.label', { number: set.set_number })}</span>
              <span className="set-value">
                {t('workouts.set.value', { weight: formatNumber(set.weight_kg, language, 2), reps: set.repetitions })}
                {set.duration_given ? ` · ${clock(set.duration_sec)}` : ''}
                {set.is_personal_record ? ' 🏆' : ''}
                {set.source === 'camera' && (
                  <span className="badge set-source">
                    {typeof set.form_score === 'number'
                      ? t('workouts.set.cameraScore', { score: set.form_score })
                      : t('workouts.set.camera')}
                  </span>
                )}
              </span>
              {onEdit && (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('workouts.set.edit', { number: set.set_number })}
                  onClick={() => onEdit(set)}
                >
                  ✎
                </button>
              )}
              {onDelete && (
                <button
                  type="button"
                  className="icon-button icon-button--danger"
                  aria-label={t('workouts.set.delete', { number: set.set_number })}
                  onClick={() => onDelete(set)}
                >
                  ✕
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

/** A member's exercises of one day with their sets and the day's totals; sets can be edited and deleted. */
export function DayView({ member, date, title, editable = true }: { member: number; date: string; title: string; editable?: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const day = useQuery({ queryKey: workoutKeys.day(member, date), queryFn: () => getDay(member, date) });
  const [editing, setEditing] = useState<Editing>(null);
  const [reps, setReps] = useState('');
  const [weight, setWeight] = useState('');
  const [duration, setDuration] = useState('');

  const refresh = () => queryClient.invalidateQueries({ queryKey: workoutKeys.all(member) });
  const change = useMutation({
    mutationFn: async (current: NonNullable<Editing>) => {
      if (current.mode === 'delete') return deleteSet(member, current.record.id, current.set.set_id);
      return updateSet(member, current.record.id, current.set.set_id, {
        repetitions: Math.max(0, Math.round(Number(reps) || 0)),
        weight_kg: Math.max(0, Number(weight) || 0),
        duration_sec: Math.max(0, Number(duration) || 0),
      });
    },
    onSuccess: async () => {
      await refresh();
      setEditing(null);
    },
  });

  const open = (record: DayRecord, set: WorkoutSet, mode: 'edit' | 'delete') => {
    change.reset();
    setReps(String(set.repetitions));
    setWeight(String(set.weight_kg));
    setDuration(String(set.duration_given === false ? 0 : Math.round(set.duration_sec)));
    setEditing({ record, set, mode });
  };

  const records = day.data?.records ?? [];
  const totals = records.reduce(
    (sum, r) => ({ sets: sum.sets + r.set_count, volume: sum.volume + r.volume_kg }),
    { sets: 0, volume: 0 },
  );

  return (
    <section className="card section section--wide day-view" aria-labelledby={`day-${date}`}>
      <h2 id={`day-${date}`}>{title}</h2>
      {day.isPending && <p className="muted">{t('action.loading')}</p>}
      {day.isError && (
        <LoadFailed message="workouts.day.loadFailed" onRetry={() => day.refetch()} />
      )}
      {day.data && (
        <>
          <DayTotals
            sets={totals.sets}
            seconds={day.data.daily_summary.total_duration_sec}
            kcal={day.data.daily_summary.total_calories}
            volume={totals.volume}
          />
          {records.length === 0 ? (
            <p className="empty-state">{t('workouts.day.empty')}</p>
          ) : (
            <ul className="day-exercises plain-list">
              {records.map((record) => (
                <ExerciseSets
                  key={record.id}
                  member={member}
                  record={record}
                  onEdit={editable ? (set) => open(record, set, 'edit') : undefined}
                  onDelete={editable ? (set) => open(record, set, 'delete') : undefined}
                />
              ))}
            </ul>
          )}
        </>
      )}
      <ConfirmDialog
        open={editing !== null}
        title={
          editing === null
            ? ''
            : editing.mode === 'delete'
              ? t('workouts.set.deleteTitle', { number: editing.set.set_number })
              : t('workouts.set.editTitle', { number: editing.set.set_number, exercise: editing.record.exercise_name })
        }
        confirmLabel={editing?.mode === 'delete' ? t('workouts.set.deleteConfirm') : t('workouts.set.saveEdit')}
        pendingLabel={editing?.mode === 'delete' ? t('workouts.set.deleting') : t('workouts.entry.saving')}
        danger={editing?.mode === 'delete'}
        pending={change.isPending}
        error={change.isError ? { key: 'workouts.set.failed' } : null}
        onConfirm={() => editing && change.mutate(editing)}
        onCancel={() => setEditing(null)}
      >
        {editing?.mode === 'delete' ? (
          <p>
            {t('workouts.set.deleteBody', { number: editing.set.set_number, exercise: editing.record.exercise_name })}
          </p>
        ) : (
          <div className="edit-set">
            <label>
              {t('workouts.entry.reps')}
              <input type="number" inputMode="numeric" min={0} value={reps} onChange={(e) => setReps(e.target.value)} />
            </label>
            <label>
              {t('workouts.entry.weight')}
              <input type="number" inputMode="decimal" min={0} step={0.25} value={weight} onChange={(e) => setWeight(e.target.value)} />
            </label>
            <label>
              {t('workouts.set.duration')}
              <input type="number" inputMode="numeric" min={0} value={duration} onChange={(e) => setDuration(e.target.value)} />
            </label>
          </div>
        )}
      </ConfirmDialog>
    </section>
  );
}
