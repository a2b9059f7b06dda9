// The camera, and what to tell the user when it cannot be had.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { MessageKey } from '../../i18n';

export type CameraProblem = 'denied' | 'notFound' | 'inUse' | 'insecure' | 'unsupported' | 'other';

/** What the page says for each problem. */
export const cameraProblemKeys: Record<CameraProblem, MessageKey> = {
  denied: 'coaching.camera.denied',
  notFound: 'coaching.camera.notFound',
  inUse: 'coaching.camera.inUse',
  insecure: 'coaching.camera.insecure',
  unsupported: 'coaching.camera.unsupported',
  other: 'coaching.camera.other',
};

/** Why getUserMedia failed, in terms the page explains (DOMException names from the Media Capture spec). */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error && typeof error === 'object' && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'notFound';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'inUse';
    default:
      return 'other';
  }
}

/** Why the camera cannot even be asked for: a page not served over HTTPS, or a browser without it. */
export function cameraUnavailable(context: {
  isSecureContext: boolean;
  hasMediaDevices: boolean;
}): CameraProblem | null {
  if (!context.isSecureContext) return 'insecure';
  if (!context.hasMediaDevices) return 'unsupported';
  return null;
}

export const cameraConstraints: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } },
};

/** The front camera as a stream; stopped when the component goes away. */
export function useCamera() {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<CameraProblem | null>(null);
  const [starting, setStarting] = useState(false);
  const current = useRef<MediaStream | null>(null);

  const stop = useCallback(() => {
    current.current?.getTracks().forEach((track) => track.stop());
    current.current = null;
    setStream(null);
  }, []);

  const start = useCallback(async (): Promise<MediaStream | null> => {
    if (current.current) return current.current;
    const unavailable = cameraUnavailable({
      isSecureContext: window.isSecureContext,
      hasMediaDevices: !!navigator.mediaDevices?.getUserMedia,
    });
    if (unavailable) {
      setProblem(unavailable);
      return null;
    }
    setStarting(true);
    setProblem(null);
    try {
      const media = await navigator.mediaDevices.getUserMedia(cameraConstraints);
      current.current = media;
      setStream(media);
      return media;
    } catch (error) {
      setProblem(cameraProblemOf(error));
      return null;
    } finally {
      setStarting(false);
    }
  }, []);

  useEffect(() => stop, [stop]);
  return { stream, problem, starting, start, stop };
}

/** Shows `stream` in the video element (muted, inline) and starts it playing. */
export function useStreamIn(video: RefObject<HTMLVideoElement | null>, stream: MediaStream | null): void {
  useEffect(() => {
    const v = video.current;
    if (!v) return;
    v.srcObject = stream;
    if (stream) void v.play().catch(() => {});
  }, [video, stream]);
}
