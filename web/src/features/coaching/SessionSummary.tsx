import { useId } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { clock } from '../workouts/logic';
import type { RepResult, SessionSummary } from './protocol';
import { flagText } from './useCoachingSession';

/** The mean similarity to the demonstration: the server's figure, else the mean over the repetitions that have one. */
export function meanSimilarity(summary: Pick<SessionSummary, 'mean_similarity' | 'reps'>): number | null {
  if (typeof summary.mean_similarity === 'number') return summary.mean_similarity;
  const scores = summary.reps.map((r) => r.similarity?.score).filter((s): s is number => typeof s === 'number');
  return scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
}

function RepRow({ rep, timed }: { rep: RepResult; timed: boolean }) {
  const { t, language } = useI18n();
  return (
    <tr data-rep={rep.index}>
      <th scope="row">{rep.index}</th>
      <td data-score={rep.score}>{timed ? clock(rep.hold_s) : rep.score}</td>
      <td>{rep.similarity ? rep.similarity.score : '—'}</td>
      <td>
        {rep.flags.length === 0 ? (
          <span className="muted">{t('coaching.summary.good')}</span>
        ) : (
          <ul className="plain-list">
            {rep.flags.map((flag) => (
              <li key={flag.code} data-flag={flag.code}>
                {flagText(flag, language)}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** The end of a session: the figures, every repetition's score and flags, and where the record was saved. */
export function SessionSummaryCard({
  summary,
  timed,
  historyBase,
  onAgain,
}: {
  summary: SessionSummary;
  timed: boolean;
  historyBase: string;
  onAgain: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const similarity = meanSimilarity(summary);
  const date = summary.saved?.workout_date;
  return (
    <section className="card section section--wide coach-summary" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('coaching.summary.title')}</h2>
      <dl className="facts">
        <div>
          <dt>{timed ? t('coaching.live.hold') : t('coaching.live.reps')}</dt>
          <dd data-summary="count">{timed ? clock(summary.hold_s) : summary.count}</dd>
        </div>
        <div>
          <dt>{t('coaching.summary.duration')}</dt>
          <dd data-summary="duration">{clock(summary.duration_s)}</dd>
        </div>
        <div>
          <dt>{t('coaching.summary.score')}</dt>
          <dd data-summary="score">
            {summary.reps.length ? t('coaching.summary.points', { points: summary.mean_score }) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('coaching.summary.similarity')}</dt>
          <dd data-summary="similarity">
            {similarity === null ? '—' : t('coaching.summary.points', { points: similarity })}
          </dd>
        </div>
      </dl>
      {summary.reps.length > 0 && (
        <div className="table-scroll">
          <table className="coach-reps">
            <caption className="visually-hidden">{t('coaching.summary.reps')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{timed ? t('coaching.live.hold') : t('coaching.summary.repScore')}</th>
                <th scope="col">{t('coaching.summary.repSimilarity')}</th>
                <th scope="col">{t('coaching.summary.repFlags')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.reps.map((rep) => (
                <RepRow key={rep.index} rep={rep} timed={timed} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {summary.saved ? (
        <p className="notice" data-saved={summary.saved.set_id}>
          {t('coaching.summary.saved')}{' '}
          <Link to={date ? `${historyBase}/history?date=${date}` : `${historyBase}/history`}>
            {t('coaching.summary.open')}
          </Link>
        </p>
      ) : (
        <p className="notice notice--warn" data-saved="">
          {summary.save_error
            ? t('coaching.summary.saveFailed', { message: summary.save_error })
            : t('coaching.summary.nothing')}
        </p>
      )}
      <p className="actions">
        <button type="button" className="button" onClick={onAgain}>
          {t('coaching.summary.again')}
        </button>
      </p>
    </section>
  );
}
