import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  coachingKeys,
  getCurrentDemonstration,
  getDemonstrationTrack,
  listCoachingExercises,
} from '../../api/coaching';
import { Page } from '../../components/Page';
import { useI18n, type MessageKey } from '../../i18n';
import { clock } from '../workouts/logic';
import { useWorkoutMember } from '../workouts/useWorkoutMember';
import { cameraProblemKeys, useCamera, useStreamIn } from './camera';
import { exerciseLabel, modelKeys, phaseLabel } from './names';
import { usePoseLoop } from './pose/usePoseLoop';
import type { FailReason } from './connection';
import { SessionSummaryCard } from './SessionSummary';
import { TrackPlayer } from './TrackPlayer';
import { storeVoice, useCoachingSession, voiceStoredOn, type SessionStatus } from './useCoachingSession';

const failureKeys: Record<FailReason | 'end', MessageKey> = {
  auth: 'coaching.failed.auth',
  forbidden: 'coaching.failed.forbidden',
  start: 'coaching.failed.start',
  lost: 'coaching.failed.lost',
  unreachable: 'coaching.failed.unreachable',
  end: 'coaching.failed.end',
};

/** A person out of view for longer than this (seconds) gets a hint. */
const unseenHintAfter = 2;

function DemonstrationPanel({ exercise, memberId }: { exercise: string; memberId: number | null }) {
  const { t } = useI18n();
  const id = useId();
  const demo = useQuery({
    queryKey: coachingKeys.current(exercise, memberId),
    queryFn: () => getCurrentDemonstration(exercise, memberId),
    retry: false,
  });
  const hasModel = !!demo.data?.model;
  const track = useQuery({
    queryKey: coachingKeys.track(demo.data?.id ?? -1),
    queryFn: () => getDemonstrationTrack(demo.data!.id),
    enabled: hasModel,
    staleTime: 10 * 60_000,
  });
  return (
    <section className="card section coach-demo" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('coaching.demo.title')}</h2>
      {demo.isPending && <p className="muted">{t('action.loading')}</p>}
      {(demo.isError || (demo.isSuccess && !demo.data)) && <p className="empty-state">{t('coaching.demo.none')}</p>}
      {demo.data && (
        <>
          <p className="muted">
            {demo.data.title}
            {demo.data.trainer ? ` · ${demo.data.trainer.name}` : ''}
          </p>
          {demo.data.video || track.data ? (
            <TrackPlayer
              src={demo.data.video?.url ?? null}
              frames={track.data ?? null}
              width={demo.data.video?.width ?? 640}
              height={demo.data.video?.height ?? 480}
              label={t('coaching.demo.player', { title: demo.data.title })}
            />
          ) : (
            <p className="muted">{t('coaching.demo.noVideo')}</p>
          )}
        </>
      )}
    </section>
  );
}

function statusKey(status: SessionStatus): MessageKey | null {
  switch (status) {
    case 'connecting':
      return 'coaching.status.connecting';
    case 'reconnecting':
      return 'coaching.status.reconnecting';
    case 'paused':
      return 'coaching.status.paused';
    case 'ending':
      return 'coaching.status.ending';
    default:
      return null;
  }
}

function CoachingStage({
  exercise,
  timed,
  memberId,
  historyBase,
  onChangeExercise,
}: {
  exercise: string;
  timed: boolean;
  memberId: number | null;
  historyBase: string;
  onChangeExercise: () => void;
}) {
  const { t, language } = useI18n();
  const id = useId();
  const camera = useCamera();
  const video = useRef<HTMLVideoElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [voice, setVoice] = useState(voiceStoredOn);
  const demo = useQuery({
    queryKey: coachingKeys.current(exercise, memberId),
    queryFn: () => getCurrentDemonstration(exercise, memberId),
    retry: false,
  });
  const session = useCoachingSession({
    exercise,
    memberId,
    demonstrationId: demo.data?.model ? demo.data.id : null,
    language,
    voice,
    unseenCue: t('coaching.cue.unseen'),
  });
  const { state } = session;
  const pose = usePoseLoop({
    video,
    overlay,
    active: camera.stream !== null,
    onFrame: (landmarks) => session.sendFrame(landmarks),
  });

  useStreamIn(video, camera.stream);

  // The camera goes off with the session's end (privacy, battery); "again" turns it back on.
  const ended = state.status === 'ended';
  const stopCamera = camera.stop;
  useEffect(() => {
    if (ended) stopCamera();
  }, [ended, stopCamera]);

  const cameraOn = camera.stream !== null;
  const running = state.status === 'live' || state.status === 'connecting' || state.status === 'reconnecting';
  const inSession = running || state.status === 'paused' || state.status === 'ending';
  const unseen = pose.status === 'ready' && pose.unseenSeconds >= unseenHintAfter;
  const fps = pose.typicalMs ? Math.max(0.1, 1000 / pose.typicalMs) : null;
  const status = statusKey(state.status);

  const again = async () => {
    session.reset();
    await camera.start();
  };

  return (
    <>
      <div className="coach-layout">
        <DemonstrationPanel exercise={exercise} memberId={memberId} />

        <section className="card section coach-camera" aria-labelledby={`${id}-camera`}>
          <h2 id={`${id}-camera`}>{t('coaching.camera.title')}</h2>
          <figure
            className="pose-stage pose-stage--mirror"
            aria-label={t('coaching.camera.view')}
            data-camera={cameraOn ? 'on' : 'off'}
          >
            <video ref={video} className="pose-video" muted playsInline autoPlay />
            <canvas ref={overlay} className="pose-overlay" aria-hidden="true" />
            {!cameraOn && <p className="pose-placeholder">{t('coaching.camera.off')}</p>}
          </figure>

          <div className="coach-notes">
            {camera.problem && (
              <p role="alert" className="inline-error" data-problem={camera.problem}>
                {t(cameraProblemKeys[camera.problem])}
              </p>
            )}
            {pose.status === 'failed' && (
              <p role="alert" className="inline-error">
                {t('coaching.pose.failed')}
              </p>
            )}
            {cameraOn && pose.status === 'loading' && (
              <p role="status" className="muted" data-pose="loading">
                {t('coaching.pose.loading')}
              </p>
            )}
            {unseen && (
              <p role="status" className="notice notice--warn" data-hint="unseen">
                {t('coaching.hint.unseen')}
              </p>
            )}
            {pose.slow && fps !== null && (
              <p role="status" className="notice notice--warn" data-hint="slow">
                {t('coaching.hint.slow', { fps: fps.toFixed(1) })}
              </p>
            )}
          </div>

          <div className="actions coach-controls">
            {!cameraOn && !inSession && !ended && (
              <button
                type="button"
                className="button button--big"
                disabled={camera.starting}
                onClick={() => void camera.start()}
              >
                {camera.starting ? t('coaching.camera.starting') : t('coaching.camera.start')}
              </button>
            )}
            {cameraOn && !inSession && state.status !== 'ended' && (
              <>
                <button
                  type="button"
                  className="button button--big"
                  disabled={pose.status !== 'ready'}
                  onClick={session.start}
                >
                  {state.status === 'failed' ? t('coaching.action.restart') : t('coaching.action.start')}
                </button>
                <button type="button" className="button button--secondary" onClick={camera.stop}>
                  {t('coaching.camera.stop')}
                </button>
              </>
            )}
            {running && (
              <button
                type="button"
                className="button button--secondary button--big"
                disabled={state.status !== 'live'}
                onClick={session.pause}
              >
                {t('coaching.action.pause')}
              </button>
            )}
            {state.status === 'paused' && (
              <button type="button" className="button button--big" onClick={session.resume}>
                {t('coaching.action.resume')}
              </button>
            )}
            {(running || state.status === 'paused') && (
              <button type="button" className="button button--danger button--big" onClick={() => void session.stop()}>
                {t('coaching.action.stop')}
              </button>
            )}
            {!inSession && (
              <button type="button" className="link-button" onClick={onChangeExercise}>
                {t('coaching.action.otherExercise')}
              </button>
            )}
          </div>
        </section>

        <section className="card section coach-live" aria-labelledby={`${id}-live`}>
          <h2 id={`${id}-live`}>{t('coaching.live.title')}</h2>
          <div className="coach-count" data-count={state.count} aria-live="polite">
            <span className="coach-count-value">{timed ? clock(state.holdSeconds) : state.count}</span>
            <span className="coach-count-label">{timed ? t('coaching.live.hold') : t('coaching.live.reps')}</span>
          </div>
          <dl className="facts coach-facts">
            <div>
              <dt>{t('coaching.live.phase')}</dt>
              <dd data-phase={state.phase ?? ''}>{phaseLabel(t, state.phase)}</dd>
            </div>
            <div>
              <dt>{t('coaching.live.server')}</dt>
              <dd data-server-updates={state.updates} data-server-t={state.serverT ?? ''}>
                {state.serverT === null
                  ? '—'
                  : t('coaching.live.serverValue', { updates: state.updates, seconds: state.serverT.toFixed(1) })}
              </dd>
            </div>
            {state.demonstration && (
              <div>
                <dt>{t('coaching.live.comparedWith')}</dt>
                <dd data-compared={state.demonstration.id}>{state.demonstration.title}</dd>
              </div>
            )}
            <div>
              <dt>{t('coaching.live.model')}</dt>
              <dd data-model={pose.complexity}>
                {t(modelKeys[pose.complexity])}
                {pose.typicalMs !== null ? ` · ${t('coaching.live.perFrame', { ms: Math.round(pose.typicalMs) })}` : ''}
              </dd>
            </div>
          </dl>
          {status && (
            <p role="status" className="notice" data-session={state.status}>
              {t(status)}
            </p>
          )}
          {state.failure && (
            <p role="alert" className="inline-error" data-failure={state.failure.reason}>
              {t(failureKeys[state.failure.reason], { message: state.failure.message ?? '' })}
            </p>
          )}
          <h3 className="coach-cues-title">{t('coaching.live.cues')}</h3>
          <ul className="coach-cues plain-list" aria-live="polite">
            {state.cues.length === 0 && <li className="muted">{t('coaching.live.noCues')}</li>}
            {state.cues.map((cue) => (
              <li key={`${cue.key}-${cue.serial}`} className="coach-cue" data-cue={cue.key}>
                {cue.text}
                {cue.times > 1 ? <span className="muted"> ×{cue.times}</span> : null}
              </li>
            ))}
          </ul>
          {session.voiceAvailable && (
            <label className="field--check coach-voice">
              <input
                type="checkbox"
                checked={voice}
                onChange={(e) => {
                  setVoice(e.target.checked);
                  storeVoice(e.target.checked);
                }}
              />
              <span>{t('coaching.live.voice')}</span>
            </label>
          )}
        </section>
      </div>

      {state.summary && (
        <SessionSummaryCard
          summary={state.summary}
          timed={timed}
          historyBase={historyBase}
          onAgain={() => void again()}
        />
      )}
    </>
  );
}

function ExerciseChooser({ onPick }: { onPick: (exercise: string, timed: boolean) => void }) {
  const { t } = useI18n();
  const id = useId();
  const exercises = useQuery({
    queryKey: coachingKeys.exercises,
    queryFn: listCoachingExercises,
    staleTime: 60 * 60_000,
  });
  return (
    <section className="card section section--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('coaching.pick.title')}</h2>
      {exercises.isPending && <p className="muted">{t('action.loading')}</p>}
      {exercises.isError && <p className="inline-error">{t('error.network')}</p>}
      <div className="chips" role="group" aria-label={t('coaching.pick.title')}>
        {(exercises.data ?? []).map((e) => (
          <button
            key={e.exercise}
            type="button"
            className="chip"
            data-exercise={e.exercise}
            onClick={() => onPick(e.exercise, e.timed)}
          >
            {exerciseLabel(t, e.exercise)}
          </button>
        ))}
      </div>
    </section>
  );
}

/**
 * /coaching (a member's own session) and /members/:memberId/coaching (a trainer running one for their member):
 * pick an exercise, see the trainer's demonstration beside the camera with the skeleton over both, and get
 * counts and form cues from the server as text and voice; at the end, a summary saved to the workout records.
 */
export function CoachingPage() {
  const { t } = useI18n();
  const who = useWorkoutMember();
  const [choice, setChoice] = useState<{ exercise: string; timed: boolean } | null>(null);
  const title = who.own ? t('page.coaching.title') : t('coaching.titleFor', { name: who.name });
  return (
    <Page title={title}>
      <p className="lead">{t('page.coaching.intro')}</p>
      {!who.own && (
        <p className="breadcrumbs">
          <Link to={who.base}>{t('workouts.backToMember')}</Link>
        </p>
      )}
      {choice === null ? (
        <ExerciseChooser onPick={(exercise, timed) => setChoice({ exercise, timed })} />
      ) : (
        <>
          <p className="coach-exercise">
            <span className="badge" data-chosen={choice.exercise}>
              {exerciseLabel(t, choice.exercise)}
            </span>
          </p>
          <CoachingStage
            key={choice.exercise}
            exercise={choice.exercise}
            timed={choice.timed}
            memberId={who.own ? null : who.id}
            historyBase={who.base}
            onChangeExercise={() => setChoice(null)}
          />
        </>
      )}
    </Page>
  );
}
