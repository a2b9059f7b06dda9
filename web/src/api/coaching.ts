// Camera coaching: the exercises the engine counts and trainers' demonstrations (the server's /api/coaching/
// routes). Replies the document describes only as "an object" are typed here from the server's JSON. Uploads (the
// video, the landmark track) go through `sender`, which reports progress.
import type { TrackFrame } from '../features/coaching/pose/track';
import { api, ApiError, unwrap } from './client';
import { sender, type UploadProgress } from './upload';

export interface CoachingExercise {
  /** The engine's name: squat, push_up, ... */
  exercise: string;
  /** Timed (plank) rather than counted. */
  timed: boolean;
  /** The catalogue exercise a session is saved as. */
  catalog_name: string | null;
}

export type DemonstrationStatus = 'draft' | 'published';

export interface Demonstration {
  id: number;
  exercise: string;
  title: string;
  status: DemonstrationStatus;
  is_default: boolean;
  trainer: { id: number; name: string } | null;
  video: {
    url: string;
    content_type: string;
    bytes: number;
    duration_s: number;
    width: number;
    height: number;
  } | null;
  model: { reps: number; rep_seconds: number; frames: number } | null;
  created_at: string;
  updated_at: string;
}

export const coachingKeys = {
  exercises: ['coaching', 'exercises'] as const,
  demonstrations: ['demonstrations'] as const,
  demonstration: (id: number) => ['demonstrations', id] as const,
  track: (id: number) => ['demonstrations', id, 'track'] as const,
  current: (exercise: string, member: number | null) => ['demonstrations', 'current', exercise, member] as const,
};

export async function listCoachingExercises(): Promise<CoachingExercise[]> {
  const reply = (await unwrap(api.GET('/api/coaching/exercises/'))) as unknown as { data: { exercises: CoachingExercise[] } };
  return reply.data.exercises;
}

const json = (body: unknown) => new Blob([JSON.stringify(body)], { type: 'application/json' });
const base = '/api/coaching/demonstrations/';

async function get<T>(url: string): Promise<T> {
  return sender.send<T>({ method: 'GET', url });
}

/** The demonstrations the signed-in user may see (a trainer: their own), optionally for one exercise. */
export async function listDemonstrations(exercise?: string): Promise<Demonstration[]> {
  const query = exercise ? `?exercise=${encodeURIComponent(exercise)}` : '';
  return (await get<{ results: Demonstration[] }>(`${base}${query}`)).results;
}

export function getDemonstration(id: number): Promise<Demonstration> {
  return get<Demonstration>(`${base}${id}/`);
}

/** The demonstration a member's session of `exercise` uses, or null when there is none. */
export async function getCurrentDemonstration(exercise: string, member: number | null): Promise<Demonstration | null> {
  const query = new URLSearchParams({ exercise });
  if (member !== null) query.set('member_id', String(member));
  try {
    return await get<Demonstration>(`${base}current?${query.toString()}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function createDemonstration(body: { exercise: string; title: string }): Promise<Demonstration> {
  return sender.send<Demonstration>({ method: 'POST', url: base, body: json(body) });
}

export function renameDemonstration(id: number, title: string): Promise<Demonstration> {
  return sender.send<Demonstration>({ method: 'PATCH', url: `${base}${id}/`, body: json({ title }) });
}

export async function deleteDemonstration(id: number): Promise<void> {
  await sender.send({ method: 'DELETE', url: `${base}${id}/` });
}

/** The video as raw bytes with its type (video/mp4 or video/webm, without codec parameters). */
export function uploadDemonstrationVideo(
  id: number,
  video: Blob,
  onProgress?: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<Demonstration> {
  const type = video.type.split(';')[0]!.trim() || 'video/webm';
  const body = video.type === type ? video : new Blob([video], { type });
  return sender.send<Demonstration>({ method: 'PUT', url: `${base}${id}/video`, body, onProgress, signal });
}

export function uploadDemonstrationTrack(
  id: number,
  frames: TrackFrame[],
  onProgress?: (progress: UploadProgress) => void,
): Promise<Demonstration> {
  return sender.send<Demonstration>({ method: 'PUT', url: `${base}${id}/track`, body: json({ frames }), onProgress });
}

export async function getDemonstrationTrack(id: number): Promise<TrackFrame[]> {
  return (await get<{ frames: TrackFrame[] }>(`${base}${id}/track`)).frames;
}

export function publishDemonstration(id: number): Promise<Demonstration> {
  return sender.send<Demonstration>({ method: 'POST', url: `${base}${id}/publish`, body: json({}) });
}

export function unpublishDemonstration(id: number): Promise<Demonstration> {
  return sender.send<Demonstration>({ method: 'POST', url: `${base}${id}/unpublish`, body: json({}) });
}
