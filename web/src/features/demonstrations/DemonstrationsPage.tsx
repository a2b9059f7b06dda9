import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  coachingKeys,
  createDemonstration,
  listCoachingExercises,
  listDemonstrations,
  type Demonstration,
} from '../../api/coaching';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { describeProblem } from '../auth/problems';
import { exerciseLabel } from '../coaching/names';
import { DemonstrationEditor } from './DemonstrationEditor';
import { demonstrable } from './logic';

export function StatusBadge({ demo }: { demo: Demonstration }) {
  const { t } = useI18n();
  return (
    <span className={`badge${demo.status === 'published' ? '' : ' badge--warn'}`} data-status={demo.status}>
      {demo.status === 'published' ? t('demos.status.published') : t('demos.status.draft')}
    </span>
  );
}

function CreateForm() {
  const { t, say } = useI18n();
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const exercises = useQuery({
    queryKey: coachingKeys.exercises,
    queryFn: listCoachingExercises,
    staleTime: 60 * 60_000,
  });
  const [exercise, setExercise] = useState('');
  const [title, setTitle] = useState('');
  const [missing, setMissing] = useState(false);
  const create = useMutation({
    mutationFn: createDemonstration,
    onSuccess: async (demo) => {
      await queryClient.invalidateQueries({ queryKey: coachingKeys.demonstrations });
      void navigate(`/demonstrations/${demo.id}`);
    },
  });
  const problem = create.error ? describeProblem(create.error, ['exercise', 'title']) : null;
  const choices = demonstrable(exercises.data ?? []);
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('demos.create.title')}</h2>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!exercise || !title.trim()) {
            setMissing(true);
            return;
          }
          setMissing(false);
          create.mutate({ exercise, title: title.trim() });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-exercise`}>{t('demos.field.exercise')}</label>
          <select id={`${id}-exercise`} value={exercise} onChange={(e) => setExercise(e.target.value)} required>
            <option value="">{t('demos.field.exercise.choose')}</option>
            {choices.map((e) => (
              <option key={e.exercise} value={e.exercise}>
                {exerciseLabel(t, e.exercise)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('demos.field.title')}</label>
          <input id={`${id}-name`} value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} required />
        </div>
        {(missing || problem) && (
          <div role="alert" className="form-summary">
            {missing
              ? t('demos.create.missing')
              : problem!.summary
                  .concat(...Object.values(problem!.fields).flat())
                  .map(say)
                  .join(' ')}
          </div>
        )}
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? t('demos.create.pending') : t('demos.create.submit')}
        </button>
      </form>
    </section>
  );
}

function DemonstrationList() {
  const { t } = useI18n();
  const id = useId();
  const list = useQuery({ queryKey: coachingKeys.demonstrations, queryFn: () => listDemonstrations() });
  return (
    <section className="card section section--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('demos.list.title')}</h2>
      {list.isPending && <p className="muted">{t('action.loading')}</p>}
      {list.isError && <p className="inline-error">{t('demos.list.failed')}</p>}
      {list.data?.length === 0 && <p className="empty-state">{t('demos.list.empty')}</p>}
      <ul className="people demo-list">
        {(list.data ?? []).map((demo) => (
          <li key={demo.id} className="people-item" data-demo={demo.id}>
            <Link className="people-link" to={`/demonstrations/${demo.id}`}>
              <span className="people-text">
                <span className="people-name">{demo.title}</span>
                <span className="people-sub">
                  {exerciseLabel(t, demo.exercise)}
                  {' · '}
                  {demo.model
                    ? t('demos.model.summary', { reps: demo.model.reps })
                    : demo.video
                      ? t('demos.model.none')
                      : t('demos.video.none')}
                </span>
              </span>
              <StatusBadge demo={demo} />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * /demonstrations: a trainer's demonstrations and a form to start a new one; /demonstrations/:demoId: one
 * demonstration's video, extracted movement, preview and publishing.
 */
export function DemonstrationsPage() {
  const { t } = useI18n();
  const { demoId } = useParams();
  if (demoId !== undefined) {
    return /^\d+$/.test(demoId) ? (
      <DemonstrationEditor key={demoId} id={Number(demoId)} />
    ) : (
      <Page title={t('notFound.title')} />
    );
  }
  return (
    <Page title={t('page.demonstrations.title')}>
      <p className="lead">{t('page.demonstrations.intro')}</p>
      <div className="profile-grid">
        <DemonstrationList />
        <CreateForm />
      </div>
    </Page>
  );
}
