import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { downloadCsv, getCalendar, getProgress, listPersonalRecords, workoutKeys } from '../../api/workouts';
import { LineChart } from '../../components/chart/LineChart';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { DayView } from './DayView';
import { formatNumber, monthGrid, monthOf, shiftMonth } from './logic';
import { useWorkoutMember } from './useWorkoutMember';

/** A YYYY-MM-DD date as milliseconds (noon UTC, so no time zone moves it to another day). */
const dayTime = (date: string) => Date.parse(`${date}T12:00:00Z`);

function CalendarSection({
  member,
  month,
  setMonth,
  selected,
  onSelect,
}: {
  member: number;
  month: string | null;
  setMonth: (month: string) => void;
  selected: string | null;
  onSelect: (date: string, today: string) => void;
}) {
  const { t, language } = useI18n();
  const id = useId();
  const calendar = useQuery({
    queryKey: workoutKeys.calendar(member, month ?? 'current'),
    queryFn: () => getCalendar(member, month),
  });
  const data = calendar.data;
  const shownMonth = data?.month ?? month;
  const trained = new Map((data?.days ?? []).filter((d) => d.total_sets > 0).map((d) => [d.date, d]));
  const weekdays = t('workouts.calendar.weekdays').split(',');
  const monthLabel = shownMonth
    ? new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
        dayTime(`${shownMonth}-01`),
      )
    : '';
  return (
    <section className="card section section--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workouts.calendar.title')}</h2>
      {data && (
        <p className="streaks">
          <span className="badge" data-streak="current">
            🔥 {t('workouts.calendar.streak', { days: data.current_streak })}
          </span>{' '}
          <span className="badge" data-streak="longest">
            {t('workouts.calendar.longest', { days: data.longest_streak })}
          </span>
        </p>
      )}
      <div className="calendar-nav">
        <button
          type="button"
          className="button button--secondary"
          aria-label={t('workouts.calendar.prev')}
          disabled={!shownMonth}
          onClick={() => shownMonth && setMonth(shiftMonth(shownMonth, -1))}
        >
          ‹
        </button>
        <span className="calendar-month" aria-live="polite">
          {monthLabel}
        </span>
        <button
          type="button"
          className="button button--secondary"
          aria-label={t('workouts.calendar.next')}
          disabled={!shownMonth || (data !== undefined && shownMonth >= monthOf(data.today))}
          onClick={() => shownMonth && setMonth(shiftMonth(shownMonth, 1))}
        >
          ›
        </button>
      </div>
      {calendar.isPending && <p className="muted">{t('action.loading')}</p>}
      {data && (
        <table className="calendar">
          <caption className="visually-hidden">{monthLabel}</caption>
          <thead>
            <tr>
              {weekdays.map((d) => (
                <th key={d} scope="col">
                  {d}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthGrid(data.month).map((week, w) => (
              <tr key={w}>
                {week.map((date, i) => {
                  if (!date) return <td key={i} />;
                  const day = trained.get(date);
                  const label = day ? t('workouts.calendar.trained', { date, sets: day.total_sets }) : date;
                  return (
                    <td key={date}>
                      <button
                        type="button"
                        className={`calendar-day${day ? ' calendar-day--trained' : ''}${date === data.today ? ' calendar-day--today' : ''}`}
                        aria-label={label}
                        aria-pressed={selected === date}
                        data-date={date}
                        data-trained={day ? 'true' : 'false'}
                        disabled={date > data.today}
                        onClick={() => onSelect(date, data.today)}
                      >
                        {Number(date.slice(8))}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ProgressSection({ member }: { member: number }) {
  const { t, language } = useI18n();
  const id = useId();
  const records = useQuery({ queryKey: workoutKeys.records(member), queryFn: () => listPersonalRecords(member) });
  const [chosen, setChosen] = useState<number | null>(null);
  const exerciseId = chosen ?? records.data?.[0]?.exercise_id ?? null;
  const progress = useQuery({
    queryKey: workoutKeys.progress(member, exerciseId ?? -1),
    queryFn: () => getProgress(member, exerciseId!),
    enabled: exerciseId !== null,
  });
  const locale = language === 'ko' ? 'ko-KR' : 'en-GB';
  const formatDate = (ms: number) => new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(ms);
  const formatPoint = (ms: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
  const formatValue = (v: number) => formatNumber(v, language);
  const sessions = progress.data?.sessions ?? [];
  return (
    <>
      <section className="card section section--wide" aria-labelledby={`${id}-progress`}>
        <h2 id={`${id}-progress`}>{t('workouts.progress.title')}</h2>
        {records.data && records.data.length > 0 ? (
          <>
            <label className="field-inline">
              <span>{t('workouts.progress.pick')}</span>
              <select value={exerciseId ?? ''} onChange={(e) => setChosen(Number(e.target.value))}>
                {records.data.map((r) => (
                  <option key={r.exercise_id} value={r.exercise_id}>
                    {r.exercise_name}
                  </option>
                ))}
              </select>
            </label>
            <LineChart
              title={t('workouts.progress.e1rm')}
              unit="kg"
              points={sessions.map((s) => ({ t: dayTime(s.workout_date), value: s.estimated_1rm_kg }))}
              formatDate={formatDate}
              formatPoint={formatPoint}
              formatValue={formatValue}
            />
            <LineChart
              title={t('workouts.progress.best')}
              unit="kg"
              tone="accent"
              points={sessions.map((s) => ({ t: dayTime(s.workout_date), value: s.best_weight_kg }))}
              formatDate={formatDate}
              formatPoint={formatPoint}
              formatValue={formatValue}
            />
          </>
        ) : (
          <p className="empty-state">{t('workouts.progress.none')}</p>
        )}
      </section>
      <section className="card section section--wide" aria-labelledby={`${id}-prs`}>
        <h2 id={`${id}-prs`}>{t('workouts.prs.title')}</h2>
        {records.data && records.data.length === 0 && <p className="empty-state">{t('workouts.prs.empty')}</p>}
        <ul className="plain-list pr-list">
          {(records.data ?? []).map((r) => (
            <li key={r.exercise_id}>
              <strong>{r.exercise_name}</strong>{' '}
              {t('workouts.prs.item', {
                e1rm: formatNumber(r.estimated_1rm_kg, language),
                weight: formatNumber(r.weight_kg, language, 2),
                reps: r.repetitions,
                date: r.workout_date,
              })}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function CsvButton({ member }: { member: number }) {
  const { t } = useI18n();
  const download = useMutation({
    mutationFn: () => downloadCsv(member),
    onSuccess: (blob) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `spotter-workouts-${member}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => download.mutate()} disabled={download.isPending}>
        {t('workouts.csv')}
      </button>
      {download.isError && (
        <p role="alert" className="inline-error">
          {t('workouts.csv.failed')}
        </p>
      )}
    </>
  );
}

/** A member's calendar, a chosen day, progress by exercise and personal records. */
export function HistoryPage() {
  const { t } = useI18n();
  const who = useWorkoutMember();
  const member = who.id;
  // ?date=YYYY-MM-DD opens that day (links from a saved camera session).
  const [params] = useSearchParams();
  const linked = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date') : null;
  const [month, setMonth] = useState<string | null>(linked ? monthOf(linked) : null);
  const [selected, setSelected] = useState<string | null>(linked);
  const title = who.own ? t('workouts.history.title') : t('workouts.history.titleFor', { name: who.name });
  if (member === null) return <Page title={title} />;
  return (
    <Page title={title}>
      <p className="breadcrumbs">
        <Link to={who.own ? '/workouts' : who.base}>{who.own ? t('workouts.backToMine') : t('workouts.backToMember')}</Link>
        {' · '}
        <Link to={`${who.base}/log`}>{t('workouts.open.log')}</Link>
      </p>
      <div className="history-actions">
        <CsvButton member={member} />
      </div>
      <div className="profile-grid">
        <div className="profile-column">
          <CalendarSection
            member={member}
            month={month}
            setMonth={setMonth}
            selected={selected}
            onSelect={(date) => setSelected(date)}
          />
          {selected && (
            <DayView
              key={selected}
              member={member}
              date={selected}
              title={t('workouts.day.titleDate', { date: selected })}
            />
          )}
        </div>
        <div className="profile-column">
          <ProgressSection member={member} />
        </div>
      </div>
    </Page>
  );
}
