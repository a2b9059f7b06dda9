import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { cameraProblemKeys, useCamera, useStreamIn } from '../coaching/camera';
import { clock } from '../workouts/logic';
import { maxVideoSeconds, recorderMimeType } from './logic';

/**
 * Records a demonstration with the camera (MediaRecorder, WebM where the browser has it), up to the server's
 * three minutes; the recording is shown back before it is used.
 */
export function Recorder({ onRecorded, onCancel }: { onRecorded: (video: Blob) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const camera = useCamera();
  const live = useRef<HTMLVideoElement>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const [recording, setRecording] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const [result, setResult] = useState<Blob | null>(null);
  const [resultUrl, setResultUrl] = useState<string | null>(null);
  const [unsupported, setUnsupported] = useState(false);
  const startCamera = camera.start;

  useEffect(() => {
    void startCamera();
  }, [startCamera]);

  useStreamIn(live, camera.stream);

  useEffect(() => {
    if (!result) return undefined;
    const url = URL.createObjectURL(result);
    setResultUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [result]);

  useEffect(() => {
    if (!recording) return undefined;
    const started = Date.now();
    const timer = window.setInterval(() => {
      const s = (Date.now() - started) / 1000;
      setSeconds(s);
      if (s >= maxVideoSeconds) recorder.current?.stop();
    }, 250);
    return () => window.clearInterval(timer);
  }, [recording]);

  useEffect(() => () => (recorder.current?.state === 'recording' ? recorder.current.stop() : undefined), []);

  const start = () => {
    const stream = camera.stream;
    if (!stream) return;
    const type =
      typeof MediaRecorder === 'undefined' ? null : recorderMimeType((m) => MediaRecorder.isTypeSupported(m));
    if (!type) {
      setUnsupported(true);
      return;
    }
    const chunks: Blob[] = [];
    const r = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 2_500_000 });
    r.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    r.onstop = () => {
      setRecording(false);
      setResult(new Blob(chunks, { type: type.split(';')[0] }));
    };
    recorder.current = r;
    setResult(null);
    setSeconds(0);
    r.start(1000);
    setRecording(true);
  };

  return (
    <div className="recorder">
      {camera.problem && (
        <p role="alert" className="inline-error">
          {t(cameraProblemKeys[camera.problem])}
        </p>
      )}
      {unsupported && (
        <p role="alert" className="inline-error">
          {t('demos.record.unsupported')}
        </p>
      )}
      {result && resultUrl ? (
        <figure className="pose-stage">
          <video className="pose-video" src={resultUrl} controls playsInline aria-label={t('demos.record.review')} />
        </figure>
      ) : (
        <figure className="pose-stage pose-stage--mirror" aria-label={t('coaching.camera.view')}>
          <video ref={live} className="pose-video" muted playsInline autoPlay />
        </figure>
      )}
      {recording && (
        <p role="timer" className="muted" aria-live="off">
          ● {t('demos.record.recording', { time: clock(seconds), max: clock(maxVideoSeconds) })}
        </p>
      )}
      <p className="actions">
        {!recording && !result && (
          <button type="button" className="button" disabled={!camera.stream} onClick={start}>
            {t('demos.record.start')}
          </button>
        )}
        {recording && (
          <button type="button" className="button button--danger" onClick={() => recorder.current?.stop()}>
            {t('demos.record.stop')}
          </button>
        )}
        {result && (
          <>
            <button
              type="button"
              className="button"
              onClick={() => {
                camera.stop();
                onRecorded(result);
              }}
            >
              {t('demos.record.use')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setResult(null)}>
              {t('demos.record.again')}
            </button>
          </>
        )}
        {!recording && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              camera.stop();
              onCancel();
            }}
          >
            {t('dialog.cancel')}
          </button>
        )}
      </p>
    </div>
  );
}
