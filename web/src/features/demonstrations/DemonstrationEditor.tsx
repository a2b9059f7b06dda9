import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  coachingKeys,
  deleteDemonstration,
  getDemonstration,
  getDemonstrationTrack,
  publishDemonstration,
  unpublishDemonstration,
  uploadDemonstrationTrack,
  uploadDemonstrationVideo,
  type Demonstration,
} from '../../api/coaching';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Page } from '../../components/Page';
import { ProgressBar } from '../../components/ProgressBar';
import { useI18n, type Message } from '../../i18n';
import { describeProblem } from '../auth/problems';
import { msg } from '../auth/validation';
import { exerciseLabel } from '../coaching/names';
import { getPoseEstimator } from '../coaching/pose/loadPose';
import { demoStyle, drawSkeleton, fitCanvas } from '../coaching/pose/skeleton';
import type { TrackFrame } from '../coaching/pose/track';
import { TrackPlayer } from '../coaching/TrackPlayer';
import { StatusBadge } from './DemonstrationsPage';
import { ExtractionCancelled, extractTrack } from './extract';
import { maxVideoBytes, maxVideoSeconds, videoContentType, videoProblem } from './logic';
import { Recorder } from './Recorder';

type Work =
  | { kind: 'idle' }
  | { kind: 'recording' }
  | { kind: 'uploading'; percent: number | null }
  | { kind: 'extracting'; done: number; total: number; found: number }
  | { kind: 'saving' };

/** What a failed request of this page means to the trainer. */
function problemOf(error: unknown): Message {
  if (error instanceof ApiError) {
    const body = (error.body ?? {}) as { code?: unknown; detail?: unknown; message?: unknown };
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : '';
    if (error.status === 413) return msg('demos.error.tooBig', { max: maxVideoBytes / (1024 * 1024) });
    if (error.status === 415) return msg('demos.error.notVideo');
    if (body.code === 'no_repetition') return msg('demos.error.noRepetition', { detail });
    if (error.status === 422 && detail) return { text: detail };
  }
  return describeProblem(error, []).summary[0] ?? msg('error.generic');
}

function VideoFacts({ demo }: { demo: Demonstration }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <div>
        <dt>{t('demos.field.exercise')}</dt>
        <dd>{exerciseLabel(t, demo.exercise)}</dd>
      </div>
      <div>
        <dt>{t('demos.field.status')}</dt>
        <dd>
          <StatusBadge demo={demo} />
        </dd>
      </div>
      <div>
        <dt>{t('demos.field.video')}</dt>
        <dd data-video={demo.video ? 'yes' : 'no'}>
          {demo.video
            ? t('demos.video.summary', {
                seconds: demo.video.duration_s.toFixed(1),
                width: demo.video.width,
                height: demo.video.height,
              })
            : t('demos.video.none')}
        </dd>
      </div>
      <div>
        <dt>{t('demos.field.model')}</dt>
        <dd data-model-reps={demo.model?.reps ?? ''}>
          {demo.model
            ? t('demos.model.detail', {
                reps: demo.model.reps,
                seconds: demo.model.rep_seconds.toFixed(1),
                frames: demo.model.frames,
              })
            : t('demos.model.none')}
        </dd>
      </div>
    </dl>
  );
}

/** One demonstration: its video (uploaded or recorded), the movement extracted from it, preview and publishing. */
export function DemonstrationEditor({ id }: { id: number }) {
  const { t, say } = useI18n();
  const sectionId = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const demo = useQuery({
    queryKey: coachingKeys.demonstration(id),
    queryFn: () => getDemonstration(id),
    retry: false,
  });
  const stored = useQuery({
    queryKey: coachingKeys.track(id),
    queryFn: () => getDemonstrationTrack(id),
    enabled: !!demo.data?.model,
    staleTime: 10 * 60_000,
  });
  const [work, setWork] = useState<Work>({ kind: 'idle' });
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [frames, setFrames] = useState<TrackFrame[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const stage = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const keep = (updated: Demonstration) => {
    queryClient.setQueryData(coachingKeys.demonstration(id), updated);
    void queryClient.invalidateQueries({ queryKey: coachingKeys.demonstrations, exact: true });
  };

  /** Runs the pose model over the video at `url`, shows it happening, and stores the track. */
  const extract = async (url: string) => {
    const container = stage.current;
    const canvas = overlay.current;
    if (!container || !canvas) return;
    const controller = new AbortController();
    abort.current = controller;
    setWork({ kind: 'extracting', done: 0, total: 0, found: 0 });
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.preload = 'auto';
    video.className = 'pose-video';
    video.src = url;
    container.prepend(video);
    try {
      const estimator = await getPoseEstimator(0);
      const track = await extractTrack(video, estimator, {
        signal: controller.signal,
        onProgress: (p) => setWork({ kind: 'extracting', ...p }),
        onFrame: (landmarks) => {
          fitCanvas(canvas, video.videoWidth, video.videoHeight);
          drawSkeleton(canvas, landmarks, demoStyle);
        },
      });
      setFrames(track);
      if (!track.some((f) => f.landmarks)) {
        setError(msg('demos.error.nobody'));
        return;
      }
      setWork({ kind: 'saving' });
      const updated = await uploadDemonstrationTrack(id, track);
      keep(updated);
      queryClient.setQueryData(coachingKeys.track(id), track);
      setNotice(msg('demos.extract.saved', { reps: updated.model?.reps ?? 0 }));
    } catch (cause) {
      if (!(cause instanceof ExtractionCancelled))
        setError(cause instanceof ApiError ? problemOf(cause) : msg('demos.error.extract'));
    } finally {
      video.remove();
      drawSkeleton(canvas, null, demoStyle);
      abort.current = null;
      setWork({ kind: 'idle' });
    }
  };

  /** Sends a chosen or recorded video, then extracts its movement from the local copy. */
  const upload = async (video: Blob, name: string) => {
    setError(null);
    setNotice(null);
    const problem = videoProblem({ type: video.type, size: video.size, name });
    if (problem) {
      setError(
        problem === 'size'
          ? msg('demos.error.tooBig', { max: maxVideoBytes / (1024 * 1024) })
          : msg('demos.error.notVideo'),
      );
      return;
    }
    const typed = new Blob([video], { type: videoContentType({ type: video.type, name }) });
    setWork({ kind: 'uploading', percent: 0 });
    try {
      const updated = await uploadDemonstrationVideo(id, typed, (p) =>
        setWork({ kind: 'uploading', percent: p.percent }),
      );
      keep(updated);
      setFrames(null);
    } catch (cause) {
      setError(problemOf(cause));
      setWork({ kind: 'idle' });
      return;
    }
    const url = URL.createObjectURL(typed);
    try {
      await extract(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  };

  const publishing = useMutation({
    mutationFn: (publish: boolean) => (publish ? publishDemonstration(id) : unpublishDemonstration(id)),
    onSuccess: (updated) => {
      keep(updated);
      setNotice(msg(updated.status === 'published' ? 'demos.published' : 'demos.unpublished'));
      void queryClient.invalidateQueries({ queryKey: coachingKeys.demonstrations });
    },
    onError: (cause) => setError(problemOf(cause)),
  });
  const removal = useMutation({
    mutationFn: () => deleteDemonstration(id),
    onSuccess: async () => {
      // The list shows at once without it (its refetch follows), and this page's data is gone.
      queryClient.setQueryData<Demonstration[]>(coachingKeys.demonstrations, (list) =>
        list?.filter((d) => d.id !== id),
      );
      queryClient.removeQueries({ queryKey: coachingKeys.demonstration(id), exact: true });
      await queryClient.invalidateQueries({ queryKey: coachingKeys.demonstrations, exact: true });
      void navigate('/demonstrations', { replace: true, state: { notice: 'demos.deleted' } });
    },
  });

  if (demo.isPending) {
    return (
      <Page title={t('page.demonstrations.title')}>
        <p className="muted">{t('action.loading')}</p>
      </Page>
    );
  }
  if (!demo.data) {
    return (
      <Page title={t('page.demonstrations.title')}>
        <p className="empty-state">{t('demos.notFound')}</p>
        <Link to="/demonstrations">{t('demos.back')}</Link>
      </Page>
    );
  }
  const d = demo.data;
  const busy = work.kind !== 'idle' && work.kind !== 'recording';
  const previewFrames = frames ?? stored.data ?? null;

  return (
    <Page title={d.title}>
      <p className="breadcrumbs">
        <Link to="/demonstrations">{t('demos.back')}</Link>
      </p>
      {notice && (
        <p role="status" className="notice">
          {say(notice)}
        </p>
      )}
      {error && (
        <p role="alert" className="form-summary">
          {say(error)}
        </p>
      )}
      <div className="profile-grid">
        <div className="profile-column">
          <section className="card section section--wide" aria-labelledby={`${sectionId}-video`}>
            <h2 id={`${sectionId}-video`}>{t('demos.video.title')}</h2>
            <VideoFacts demo={d} />
            <div
              ref={stage}
              className="pose-stage"
              hidden={work.kind !== 'extracting'}
              aria-label={t('demos.extract.view')}
            >
              <canvas ref={overlay} className="pose-overlay" aria-hidden="true" />
            </div>
            {work.kind === 'uploading' && <ProgressBar label={t('demos.upload.progress')} percent={work.percent} />}
            {work.kind === 'extracting' && (
              <>
                <ProgressBar
                  label={t('demos.extract.progress')}
                  percent={work.total ? (100 * work.done) / work.total : null}
                  valueText={t('demos.extract.frames', { done: work.done, total: work.total })}
                />
                <p className="muted" data-extract-done={work.done} data-extract-total={work.total}>
                  {t('demos.extract.status', { done: work.done, total: work.total, found: work.found })}
                </p>
                <p className="actions">
                  <button type="button" className="button button--secondary" onClick={() => abort.current?.abort()}>
                    {t('dialog.cancel')}
                  </button>
                </p>
              </>
            )}
            {work.kind === 'saving' && <p className="muted">{t('demos.extract.saving')}</p>}
            {work.kind === 'recording' && (
              <Recorder
                onRecorded={(video) => {
                  setWork({ kind: 'idle' });
                  void upload(video, 'recording.webm');
                }}
                onCancel={() => setWork({ kind: 'idle' })}
              />
            )}
            {work.kind === 'idle' && (
              <>
                <p className="muted">
                  {t('demos.video.hint', { max: maxVideoBytes / (1024 * 1024), minutes: maxVideoSeconds / 60 })}
                </p>
                <div className="actions">
                  <label className="button">
                    {d.video ? t('demos.video.replace') : t('demos.video.choose')}
                    <input
                      ref={fileInput}
                      className="visually-hidden"
                      type="file"
                      accept="video/mp4,video/webm"
                      onChange={(event) => {
                        const file = event.target.files?.[0];
                        event.target.value = '';
                        if (file) void upload(file, file.name);
                      }}
                    />
                  </label>
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => setWork({ kind: 'recording' })}
                  >
                    {t('demos.record.open')}
                  </button>
                  {d.video && (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => void extract(d.video!.url)}
                    >
                      {t('demos.extract.again')}
                    </button>
                  )}
                </div>
              </>
            )}
          </section>
        </div>
        <div className="profile-column">
          <section className="card section section--wide" aria-labelledby={`${sectionId}-preview`}>
            <h2 id={`${sectionId}-preview`}>{t('demos.preview.title')}</h2>
            {d.video || previewFrames ? (
              <TrackPlayer
                src={d.video?.url ?? null}
                frames={previewFrames}
                width={d.video?.width ?? 640}
                height={d.video?.height ?? 480}
                label={t('demos.preview.player')}
              />
            ) : (
              <p className="empty-state">{t('demos.preview.empty')}</p>
            )}
            {previewFrames && (
              <p className="muted" data-track-frames={previewFrames.length}>
                {t('demos.preview.frames', {
                  frames: previewFrames.length,
                  found: previewFrames.filter((f) => f.landmarks).length,
                })}
              </p>
            )}
          </section>
          <section className="card section section--wide" aria-labelledby={`${sectionId}-publish`}>
            <h2 id={`${sectionId}-publish`}>{t('demos.publish.title')}</h2>
            <p className="muted">
              {d.status === 'published' ? t('demos.publish.isPublished') : t('demos.publish.hint')}
            </p>
            <div className="actions">
              {d.status === 'published' ? (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={publishing.isPending || busy}
                  onClick={() => publishing.mutate(false)}
                >
                  {t('demos.unpublish')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button"
                  disabled={!d.model || publishing.isPending || busy}
                  onClick={() => publishing.mutate(true)}
                >
                  {t('demos.publish')}
                </button>
              )}
              <button
                type="button"
                className="button button--secondary button--danger-outline"
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                {t('demos.delete')}
              </button>
            </div>
          </section>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('demos.delete.confirmTitle', { title: d.title })}
        confirmLabel={t('demos.delete')}
        danger
        pending={removal.isPending}
        error={removal.error ? problemOf(removal.error) : null}
        onConfirm={() => removal.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('demos.delete.confirmBody')}</p>
      </ConfirmDialog>
    </Page>
  );
}
