// Profiles, body metrics and trainer–member links (the server's /api/members/ routes).
//
// Several of these replies are described in the OpenAPI document only as "an object", so their shapes are
// written here, once, from the server's JSON (src/members/member_routes.cpp); the calls still go through the
// typed client, so a path renamed on the server breaks the build. The profile photo upload goes through `sender`
// (XMLHttpRequest), which reports upload progress.
import { api, unwrap } from './client';
import type { components, paths } from './schema';
import { sender, type UploadProgress } from './upload';

type Json<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'delete'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

/** The signed-in user's own profile (GET/PATCH /api/members/profile/). */
export type Profile = Json<'/api/members/profile/', 'get'>['user'];

/** What PATCH /api/members/profile/ takes: any subset; null clears a value. */
export type ProfileUpdate = NonNullable<paths['/api/members/profile/']['patch']['requestBody']>['content']['application/json'];

/** One body-metric change. */
export interface MetricPoint {
  measured_at: string;
  date: string;
  weight_kg: number | null;
  body_fat_percentage: number | null;
  muscle_mass_kg: number | null;
}

export interface MetricSeries {
  user_id: number;
  time_zone: string;
  series: MetricPoint[];
}

/** Someone's photo, name and contact: a member's trainer, or a trainer's member in a list. */
export interface PersonSummary {
  id: number;
  name: string;
  email: string;
  phone: string | null;
  profile_image: string | null;
}

/** A trainer's member as GET /api/members/ lists them. */
export interface MemberListItem extends PersonSummary {
  updated_at: string;
  is_my_profile: boolean;
  profile_completed: boolean;
}

export interface MemberList {
  trainer_profile: (Omit<PersonSummary, 'id'> & { member_count: number }) | null;
  members: MemberListItem[];
  total_count: number;
  user_type: 'member' | 'trainer' | 'admin';
}

/** A member without a trainer, as the search finds them. */
export interface SearchUser {
  id: number;
  name: string;
  email: string;
  user_type: string;
  /** The thumbnail's URL. */
  profile_image: string | null;
  date_joined: string;
}

export interface SearchPage {
  users: SearchUser[];
  total_count: number;
  query: string;
  page: number;
  page_size: number;
  has_next: boolean;
}

/** A member as their trainer sees them (GET /api/members/{id}/). */
export interface MemberDetail extends PersonSummary {
  age: number | null;
  height_cm: number | null;
  weight_kg: number | null;
  body_fat_percentage: number | null;
  muscle_mass_kg: number | null;
  profile_completed: boolean;
  is_active: boolean;
  created_at: string;
  updated_at: string;
  is_my_profile: boolean;
  user_type?: 'trainer';
  trainer_info: PersonSummary | null;
}

/** A workout as the member page lists it (the workouts feature fills these in later). */
export interface WorkoutRecord {
  id?: number;
  date?: string;
  title?: string;
  [key: string]: unknown;
}

export interface MemberDetailReply {
  member: MemberDetail;
  workout_records: WorkoutRecord[];
  total_workouts: number;
  has_records: boolean;
}

/** What the photo routes answer: the profile with the new (or no) photo URLs. */
export type ProfileReply = Json<'/api/members/profile/image/', 'post'>;

/** Where a profile photo goes (a path of the document: renamed on the server, it breaks the build). */
const photoPath = '/api/members/profile/image/' satisfies keyof paths;

export type Problem = components['schemas']['Problem'];

/** The largest photo the server takes. */
export const maxPhotoBytes = 10 * 1024 * 1024;
/** The photo types the server takes. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;

export const memberKeys = {
  profile: ['profile', 'me'] as const,
  metrics: (who: number | 'me', from: string | null) => ['metrics', who, from ?? 'all'] as const,
  myTrainer: ['my-trainer'] as const,
  list: ['members', 'list'] as const,
  search: (query: string) => ['members', 'search', query] as const,
  detail: (id: number) => ['members', 'detail', id] as const,
};

export async function getMyProfile(): Promise<Profile> {
  return (await unwrap(api.GET('/api/members/profile/'))).user;
}

export async function updateMyProfile(body: ProfileUpdate): Promise<Profile> {
  return (await unwrap(api.PATCH('/api/members/profile/', { body }))).user;
}

/** Body metrics from the day `from` (YYYY-MM-DD in the person's time zone) up to now; null: all of them. */
export async function getMetrics(who: number | 'me', from: string | null): Promise<MetricSeries> {
  const query = from ? { from } : {};
  const reply =
    who === 'me'
      ? await unwrap(api.GET('/api/members/profile/metrics/', { params: { query } }))
      : await unwrap(api.GET('/api/members/profile/{user_id}/metrics/', { params: { path: { user_id: who }, query } }));
  const data = reply.data;
  return {
    user_id: data.user_id ?? (who === 'me' ? 0 : who),
    time_zone: data.time_zone ?? 'Asia/Seoul',
    series: (data.series ?? []) as MetricPoint[],
  };
}

/** Someone's profile: a trainer's member, or a member's own trainer (public fields only). */
export async function getProfile(userId: number): Promise<Profile> {
  return (await unwrap(api.GET('/api/members/profile/{user_id}/', { params: { path: { user_id: userId } } }))).user;
}

export async function getMyTrainer(): Promise<PersonSummary | null> {
  const reply = (await unwrap(api.GET('/api/members/my-trainer/'))) as unknown as { data: { trainer: PersonSummary | null } };
  return reply.data.trainer;
}

export async function leaveTrainer(): Promise<void> {
  await unwrap(api.POST('/api/members/leave-trainer/'));
}

export async function listMyMembers(): Promise<MemberList> {
  const reply = (await unwrap(api.GET('/api/members/'))) as unknown as { data: MemberList };
  return reply.data;
}

export async function searchMembers(query: string, page: number, pageSize = 20): Promise<SearchPage> {
  const reply = (await unwrap(
    api.GET('/api/members/search/', { params: { query: { query, page, page_size: pageSize } } }),
  )) as unknown as { data: SearchPage };
  return reply.data;
}

export async function assignMember(userId: number): Promise<void> {
  await unwrap(api.POST('/api/members/register-member/', { body: { user_id: userId } }));
}

export async function unassignMember(userId: number): Promise<void> {
  await unwrap(api.POST('/api/members/unassign-member/', { body: { user_id: userId } }));
}

export async function getMemberDetail(id: number): Promise<MemberDetailReply> {
  const reply = (await unwrap(api.GET('/api/members/{member_id}/', { params: { path: { member_id: id } } }))) as unknown as {
    data: MemberDetailReply;
  };
  return reply.data;
}

/** Uploads a new profile photo (multipart field `image`), reporting progress; resolves to the updated profile. */
export async function uploadProfilePhoto(
  file: Blob,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<Profile> {
  const form = new FormData();
  form.append('image', file, file instanceof File ? file.name : 'photo');
  const reply = await sender.send<ProfileReply>({ method: 'POST', url: photoPath, body: form, ...options });
  return reply.user;
}

/** Removes the profile photo; resolves to the updated profile. */
export async function deleteProfilePhoto(): Promise<Profile> {
  return (await unwrap(api.DELETE(photoPath))).user;
}
