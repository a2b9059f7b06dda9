// Extracting a demonstration's landmark track in the browser, with the same pose model the members' sessions use:
// the video is stepped through at a steady rate (seeking, so a slow device takes longer but misses nothing) and
// the pose of each sampled frame is recorded with its time in the video.
import type { Landmarks } from '../coaching/pose/landmarks';
import type { PoseEstimator } from '../coaching/pose/loadPose';
import { sampleTimes, TrackBuilder, type TrackFrame } from '../coaching/pose/track';

/** Sampled frames per second of video: enough for the engine to learn a repetition, few enough for slow devices. */
export const extractionFps = 10;

export class ExtractionCancelled extends Error {
  constructor() {
    super('extraction cancelled');
    this.name = 'ExtractionCancelled';
  }
}

function once(target: EventTarget, type: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ExtractionCancelled());
      return;
    }
    const done = () => {
      target.removeEventListener(type, done);
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const abort = () => {
      target.removeEventListener(type, done);
      reject(new ExtractionCancelled());
    };
    target.addEventListener(type, done);
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Seeks and resolves once the frame at `t` can be drawn. */
async function seek(video: HTMLVideoElement, t: number, signal?: AbortSignal): Promise<void> {
  const seeked = once(video, 'seeked', signal);
  video.currentTime = t;
  await seeked;
}

/**
 * The video's length in seconds. Recordings made with MediaRecorder carry no duration (the browser reports
 * Infinity until it has read the whole file): seeking far past the end makes it find the real one.
 */
export async function videoDuration(video: HTMLVideoElement, signal?: AbortSignal): Promise<number> {
  if (video.readyState < 1) await once(video, 'loadedmetadata', signal);
  if (Number.isFinite(video.duration)) return video.duration;
  const changed = once(video, 'durationchange', signal);
  video.currentTime = 1e9;
  await changed;
  await seek(video, 0, signal);
  return video.duration;
}

export interface ExtractionProgress {
  done: number;
  total: number;
  /** Frames with a person so far. */
  found: number;
}

export async function extractTrack(
  video: HTMLVideoElement,
  estimator: PoseEstimator,
  {
    fps = extractionFps,
    onProgress,
    onFrame,
    signal,
  }: {
    fps?: number;
    onProgress?: (p: ExtractionProgress) => void;
    /** Each sampled frame's pose, while the video shows that frame (to draw it). */
    onFrame?: (landmarks: Landmarks | null) => void;
    signal?: AbortSignal;
  } = {},
): Promise<TrackFrame[]> {
  if (signal?.aborted) throw new ExtractionCancelled();
  video.pause();
  const duration = await videoDuration(video, signal);
  const times = sampleTimes(duration, fps);
  const track = new TrackBuilder();
  estimator.reset();
  onProgress?.({ done: 0, total: times.length, found: 0 });
  for (const [i, t] of times.entries()) {
    if (signal?.aborted) throw new ExtractionCancelled();
    await seek(video, t, signal);
    const landmarks = await estimator.estimate(video);
    track.add(t, landmarks);
    onFrame?.(landmarks);
    onProgress?.({ done: i + 1, total: times.length, found: track.withPerson });
  }
  return track.frames();
}
