// Camera coaching: the exercises the engine counts and trainers' demonstrations (the server's /api/coaching/
// routes). The calls go through the typed client, so a renamed path breaks the build; the reply shapes are written
// here once. The video upload goes through `sender`, which reports progress.
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
  trainer: { id: number; name: string; role?: string } | null;
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
  const reply = (await unwrap(api.GET('/api/coaching/exercises/'))) as unknown as {
    data: { exercises: CoachingExercise[] };
  };
  return reply.data.exercises;
}

type Wrapped<K extends string, T> = { success: boolean; data: Record<K, T> };

/** Answers 404 as null (no demonstration of the exercise, or none the caller may see). */
async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

const one = async (request: Promise<unknown>) =>
  ((await request) as Wrapped<'demonstration', Demonstration>).data.demonstration;
const path = (id: number) => ({ params: { path: { id } } });

/** The demonstrations the signed-in user may see (a trainer: their own, newest first), optionally of one exercise. */
export async function listDemonstrations(exercise?: string): Promise<Demonstration[]> {
  const reply = (await unwrap(
    api.GET('/api/coaching/demonstrations/', { params: { query: exercise ? { exercise } : {} } }),
  )) as unknown as Wrapped<'demonstrations', Demonstration[]>;
  return reply.data.demonstrations;
}

export function getDemonstration(id: number): Promise<Demonstration> {
  return one(unwrap(api.GET('/api/coaching/demonstrations/{id}/', path(id))));
}

/** The demonstration a session of `exercise` compares with (for a trainer: their member's), or null when none. */
export function getCurrentDemonstration(exercise: string, member: number | null): Promise<Demonstration | null> {
  const query = member === null ? { exercise } : { exercise, member_id: member };
  return orNull(one(unwrap(api.GET('/api/coaching/demonstrations/current/', { params: { query } }))));
}

export function createDemonstration(body: { exercise: string; title: string }): Promise<Demonstration> {
  return one(unwrap(api.POST('/api/coaching/demonstrations/', { body })));
}

export async function deleteDemonstration(id: number): Promise<void> {
  await unwrap(api.DELETE('/api/coaching/demonstrations/{id}/', path(id)));
}

/** Sends the video as raw bytes with its type (video/mp4 or video/webm, without codec parameters). */
export async function uploadDemonstrationVideo(
  id: number,
  video: Blob,
  onProgress?: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<Demonstration> {
  const type = video.type.split(';')[0]!.trim() || 'video/webm';
  const body = video.type === type ? video : new Blob([video], { type });
  const reply = await sender.send<Wrapped<'demonstration', Demonstration>>({
    method: 'PUT',
    url: `/api/coaching/demonstrations/${id}/video/`,
    body,
    onProgress,
    signal,
  });
  return reply.data.demonstration;
}

/** Stores the landmark track; the server learns the repetition model from it (422 no_repetition when it finds none). */
export function uploadDemonstrationTrack(id: number, frames: TrackFrame[]): Promise<Demonstration> {
  return one(unwrap(api.PUT('/api/coaching/demonstrations/{id}/track/', { ...path(id), body: { frames } })));
}

export async function getDemonstrationTrack(id: number): Promise<TrackFrame[]> {
  const reply = (await unwrap(api.GET('/api/coaching/demonstrations/{id}/track/', path(id)))) as unknown as Wrapped<
    'frames',
    TrackFrame[]
  >;
  return reply.data.frames;
}

export function publishDemonstration(id: number): Promise<Demonstration> {
  return one(unwrap(api.POST('/api/coaching/demonstrations/{id}/publish/', { ...path(id), body: {} })));
}

export function unpublishDemonstration(id: number): Promise<Demonstration> {
  return one(unwrap(api.POST('/api/coaching/demonstrations/{id}/unpublish/', path(id))));
}
