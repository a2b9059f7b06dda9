import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { deleteProfilePhoto, maxPhotoBytes, memberKeys, photoTypes, uploadProfilePhoto, type Profile } from '../../api/members';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProgressBar } from '../../components/ProgressBar';
import { useI18n, type Message } from '../../i18n';
import { describeProblem } from '../auth/problems';
import { msg } from '../auth/validation';
import { photoProblem } from './validation';

/** What a failed photo request means to the person who sent it. */
function photoError(error: unknown): Message {
  if (error instanceof ApiError) {
    if (error.status === 413) return msg('error.photoTooLarge', { max: maxPhotoBytes / (1024 * 1024) });
    if (error.status === 415) return msg('error.photoType');
    if (error.status === 400) return msg('error.photoUnreadable');
    if (error.status === 429) return msg('error.tooManyRequests', { seconds: error.retryAfter ?? 60 });
  }
  return describeProblem(error, []).summary[0] ?? msg('error.generic');
}

type Status = { kind: 'idle' } | { kind: 'uploading'; percent: number | null } | { kind: 'removing' };

/**
 * The profile photo: choose a file, see it before it goes, upload it with a progress bar, or remove the photo.
 */
export function PhotoSection({ profile }: { profile: Profile }) {
  const { t, say } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const uploadButton = useRef<HTMLButtonElement>(null);

  // The preview's object URL lives as long as the preview is shown.
  useEffect(() => {
    if (!file) {
      setPreview(null);
      return undefined;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  // The file input goes away once a file is chosen: the focus moves on to "Upload".
  useEffect(() => {
    if (file) uploadButton.current?.focus();
  }, [file]);

  // Leaving the page stops an upload under way.
  useEffect(() => () => abort.current?.abort(), []);

  const saved = (user: Profile) => {
    queryClient.setQueryData(memberKeys.profile, user);
  };

  const choose = (chosen: File | undefined) => {
    setNotice(null);
    setError(null);
    if (!chosen) return;
    const problem = photoProblem(chosen, maxPhotoBytes, photoTypes);
    if (problem) {
      setError(problem);
      setFile(null);
      if (input.current) input.current.value = '';
      return;
    }
    setFile(chosen);
  };

  /** Forgets the chosen file; `refocus`: the focus goes back to the file input (the buttons it was on go away). */
  const clearChoice = (refocus = false) => {
    setFile(null);
    if (input.current) {
      input.current.value = '';
      if (refocus) requestAnimationFrame(() => input.current?.focus());
    }
  };

  const upload = async () => {
    if (!file || status.kind !== 'idle') return;
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setNotice(null);
    setStatus({ kind: 'uploading', percent: 0 });
    try {
      const user = await uploadProfilePhoto(file, {
        signal: controller.signal,
        onProgress: (progress) => setStatus({ kind: 'uploading', percent: progress.percent }),
      });
      saved(user);
      clearChoice(true);
      setNotice(msg('photo.saved'));
    } catch (caught) {
      if (!(caught instanceof DOMException && caught.name === 'AbortError')) setError(photoError(caught));
    } finally {
      abort.current = null;
      setStatus({ kind: 'idle' });
    }
  };

  const cancelUpload = () => abort.current?.abort();

  const remove = async () => {
    setError(null);
    setNotice(null);
    setStatus({ kind: 'removing' });
    try {
      saved(await deleteProfilePhoto());
      setConfirming(false);
      setNotice(msg('photo.removed'));
    } catch (caught) {
      setError(photoError(caught));
      setConfirming(false);
    } finally {
      setStatus({ kind: 'idle' });
    }
  };

  const busy = status.kind !== 'idle';
  const shown = preview ?? profile.profile_image;

  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('photo.title')}</h2>
      <div className="photo">
        {shown ? (
          <img
            className="photo-image"
            src={shown}
            alt={preview ? t('photo.previewAlt') : t('photo.alt', { name: profile.name })}
            data-preview={preview ? 'true' : undefined}
          />
        ) : (
          <Avatar src={null} name={profile.name} size="lg" />
        )}
        <div className="photo-controls">
          {preview && <p className="photo-note">{t('photo.previewNote')}</p>}
          <input
            ref={input}
            id={`${id}-file`}
            className="visually-hidden file-input"
            type="file"
            accept={photoTypes.join(',')}
            aria-describedby={`${id}-hint`}
            disabled={busy}
            hidden={!!file}
            onChange={(event) => choose(event.target.files?.[0])}
          />
          {!file && (
            <>
              <label htmlFor={`${id}-file`} className={`button button--secondary${busy ? ' is-disabled' : ''}`}>
                {profile.profile_image ? t('photo.change') : t('photo.choose')}
              </label>
              <p id={`${id}-hint`} className="field-hint">
                {t('photo.hint', { max: maxPhotoBytes / (1024 * 1024) })}
              </p>
            </>
          )}
          {file && (
            <div className="photo-actions">
              {/* Not disabled while it runs: a disabled button would drop the keyboard focus. */}
              <button
                ref={uploadButton}
                type="button"
                className="button"
                onClick={() => void upload()}
                aria-disabled={busy || undefined}
              >
                {status.kind === 'uploading' ? t('photo.uploading') : t('photo.upload')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={status.kind === 'uploading' ? cancelUpload : () => clearChoice(true)}
              >
                {t('dialog.cancel')}
              </button>
            </div>
          )}
          {status.kind === 'uploading' && (
            <ProgressBar
              label={t('photo.progress')}
              percent={status.percent}
              valueText={status.percent === null ? t('photo.uploading') : undefined}
            />
          )}
          {!file && profile.profile_image && (
            <button type="button" className="link-button" onClick={() => setConfirming(true)} disabled={busy}>
              {t('photo.remove')}
            </button>
          )}
        </div>
      </div>
      <p role="alert" className={error ? 'inline-error' : 'notice--empty'}>
        {error ? say(error) : ''}
      </p>
      <p role="status" className={notice ? 'notice' : 'notice--empty'}>
        {notice ? say(notice) : ''}
      </p>
      <ConfirmDialog
        open={confirming}
        title={t('photo.removeTitle')}
        confirmLabel={t('photo.remove')}
        pendingLabel={t('photo.removing')}
        danger
        pending={status.kind === 'removing'}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('photo.removeBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
