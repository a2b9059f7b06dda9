// Landmark tracks: the pose of every sampled moment of a video, as the server stores a demonstration
// ({"frames": [{"t": seconds, "landmarks": [[x, y, z, visibility] × 33] | null}]}), and finding the pose to draw at
// a moment of playback.
import { landmarkCount, type Landmarks, type Point } from './landmarks';

export interface TrackFrame {
  t: number;
  landmarks: Landmarks | null;
}

/** The server takes at most this many frames per track (3 minutes at 60 frames a second, with room). */
export const maxTrackFrames = 12_000;

export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The moments to sample in a video of `duration` seconds, `fps` per second, starting at 0. */
export function sampleTimes(duration: number, fps: number, max = maxTrackFrames): number[] {
  if (!(duration > 0) || !(fps > 0) || !Number.isFinite(duration)) return [];
  const count = Math.min(max, Math.floor(duration * fps + 1e-9) + 1);
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t = round4(i / fps);
    if (t >= duration) break;
    times.push(t);
  }
  return times;
}

/**
 * Collects frames for upload: values rounded to 4 decimals (as the server stores them), times strictly
 * increasing (a repeated or earlier time is dropped: a video can report the same frame twice), at most
 * maxTrackFrames.
 */
export class TrackBuilder {
  private readonly list: TrackFrame[] = [];

  add(t: number, landmarks: Landmarks | null): boolean {
    if (!Number.isFinite(t) || t < 0 || this.list.length >= maxTrackFrames) return false;
    const time = round4(t);
    const last = this.list.at(-1);
    if (last && time <= last.t) return false;
    const valid = landmarks && landmarks.length === landmarkCount && landmarks.every((p) => p.every(Number.isFinite));
    this.list.push({ t: time, landmarks: valid ? landmarks.map((p) => p.map(round4) as Point) : null });
    return true;
  }

  get length(): number {
    return this.list.length;
  }

  /** Frames in which a person was found. */
  get withPerson(): number {
    return this.list.filter((f) => f.landmarks !== null).length;
  }

  frames(): TrackFrame[] {
    return [...this.list];
  }
}

/** Index of the last frame at or before `t`, or -1 when `t` comes before the first. Frames are sorted by t. */
export function frameIndexAt(frames: readonly TrackFrame[], t: number): number {
  let low = 0;
  let high = frames.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (frames[mid]!.t <= t) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * The pose at moment `t` of the track: interpolated between the two frames around it when both show the person,
 * else the nearer one's. Null before the first frame, after the last one by more than `maxGap` seconds, or when
 * the frame shows no person.
 */
export function poseAt(frames: readonly TrackFrame[], t: number, maxGap = 0.5): Landmarks | null {
  const i = frameIndexAt(frames, t);
  if (i < 0) return null;
  const before = frames[i]!;
  const after = frames[i + 1];
  if (!after) return t - before.t <= maxGap ? before.landmarks : null;
  if (!before.landmarks || !after.landmarks) return t - before.t <= after.t - t ? before.landmarks : after.landmarks;
  const span = after.t - before.t;
  if (span > maxGap) return t - before.t <= after.t - t ? before.landmarks : after.landmarks;
  const w = span > 0 ? (t - before.t) / span : 0;
  const next = after.landmarks;
  return before.landmarks.map((p, k) => p.map((v, j) => v + (next[k]![j]! - v) * w) as Point);
}

/** The track's length in seconds (the time of its last frame). */
export function trackDuration(frames: readonly TrackFrame[]): number {
  return frames.at(-1)?.t ?? 0;
}
