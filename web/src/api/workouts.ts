// Workout records (the server's /api/workouts/ routes): the exercise catalogue, logging sets, a member's days,
// calendar, progress and personal records. The document describes most replies only as "an object", so their
// shapes are written here from the server's JSON; the calls go through the typed client, so a renamed path breaks
// the build.
import { api, ApiError, unwrap } from './client';

export interface Exercise {
  id: number;
  exercise_name: string;
  name_en: string;
  body_part: string;
  equipment: string;
  measurement_unit: string;
  weight_unit: string;
  met_value: number;
  met_basis: string;
  custom: boolean;
}

export interface Totals {
  total_sets: number;
  total_duration_sec: number;
  total_calories: number;
  total_volume_kg: number;
}

export interface LoggedSet {
  set_id: number;
  set_number: number;
  workout_exercise_id: number;
  workout_date: string;
  exercise_name: string;
  calories: number;
  calories_kcal: number;
  volume_kg: number;
  estimated_1rm_kg: number;
  is_personal_record: boolean;
  personal_record: { estimated_1rm_kg: number; previous_best_kg: number | null } | null;
  workout_totals: Totals;
  daily_totals: Totals;
}

export interface DayRecord {
  id: number;
  exercise_id: number;
  exercise_name: string;
  body_part: string;
  equipment: string;
  set_count: number;
  total_duration_sec: number;
  calories_burned: number;
  volume_kg: number;
}

export interface DayRecords {
  records: DayRecord[];
  daily_summary: { total_duration_sec: number; total_calories: number };
}

export interface WorkoutSet {
  set_id: number;
  set_number: number;
  repetitions: number;
  weight_kg: number;
  duration_sec: number;
  duration_given?: boolean;
  calories: number;
  volume_kg: number;
  is_personal_record?: boolean;
  /** How the set was recorded: typed in ('manual'), or counted by the camera coach ('camera'). */
  source?: string;
  /** 0-100 form score of a camera set. */
  form_score?: number | null;
}

export interface RecordSets {
  exercise_name: string;
  sets: WorkoutSet[];
  total_sets: number;
  total_volume_kg: number;
}

export interface CalendarDay {
  date: string;
  total_sets: number;
  total_duration_sec: number;
  total_calories: number;
  total_volume_kg: number;
}

export interface Calendar {
  month: string;
  today: string;
  days: CalendarDay[];
  current_streak: number;
  longest_streak: number;
}

export interface Progress {
  sessions: { workout_date: string; sets: number; volume_kg: number; best_weight_kg: number; estimated_1rm_kg: number }[];
  personal_best: { estimated_1rm_kg: number; heaviest_weight_kg: number } | null;
}

export interface PersonalRecord {
  exercise_id: number;
  exercise_name: string;
  estimated_1rm_kg: number;
  weight_kg: number;
  repetitions: number;
  workout_date: string;
}

export interface SetInput {
  exercise_id: number;
  repetitions: number;
  weight_kg: number;
  /** 0: not timed. */
  duration_sec: number;
}

export const workoutKeys = {
  all: (member: number) => ['workouts', member] as const,
  exercises: ['exercises'] as const,
  recent: (member: number) => ['workouts', member, 'recent'] as const,
  day: (member: number, date: string) => ['workouts', member, 'day', date] as const,
  sets: (member: number, record: number) => ['workouts', member, 'sets', record] as const,
  calendar: (member: number, month: string) => ['workouts', member, 'calendar', month] as const,
  progress: (member: number, exercise: number) => ['workouts', member, 'progress', exercise] as const,
  records: (member: number) => ['workouts', member, 'prs'] as const,
};

/** The whole catalogue, flattened (the server groups it by body part). */
export async function listExercises(): Promise<Exercise[]> {
  const reply = (await unwrap(api.GET('/api/workouts/exercises/'))) as unknown as { data: Record<string, Exercise[]> };
  return Object.entries(reply.data).flatMap(([part, list]) => list.map((e) => ({ ...e, body_part: e.body_part ?? part })));
}

export async function listRecentExercises(member: number): Promise<Exercise[]> {
  const reply = (await unwrap(
    api.GET('/api/workouts/members/{member_id}/recent-exercises/', { params: { path: { member_id: member } } }),
  )) as unknown as { data: { exercises: Exercise[] } };
  return reply.data.exercises;
}

export async function logSet(member: number, body: SetInput): Promise<LoggedSet> {
  const reply = (await unwrap(
    api.POST('/api/workouts/members/{member_id}/workout-sets/', { params: { path: { member_id: member } }, body }),
  )) as unknown as { data: LoggedSet };
  return reply.data;
}

export async function getDay(member: number, date: string): Promise<DayRecords> {
  const reply = (await unwrap(
    api.GET('/api/workouts/{member_id}/records/', { params: { path: { member_id: member }, query: { date } } }),
  )) as unknown as DayRecords;
  return { records: reply.records ?? [], daily_summary: reply.daily_summary };
}

export async function getSets(member: number, record: number): Promise<RecordSets> {
  const reply = (await unwrap(
    api.GET('/api/workouts/{member_id}/records/{record_id}/sets/', {
      params: { path: { member_id: member, record_id: record } },
    }),
  )) as unknown as { data: RecordSets };
  return reply.data;
}

export async function updateSet(
  member: number,
  record: number,
  set: number,
  body: { repetitions: number; weight_kg: number; duration_sec: number },
): Promise<void> {
  await unwrap(
    api.PATCH('/api/workouts/{member_id}/records/{record_id}/sets/{set_id}/', {
      params: { path: { member_id: member, record_id: record, set_id: set } },
      body,
    }),
  );
}

export async function deleteSet(member: number, record: number, set: number): Promise<void> {
  await unwrap(
    api.DELETE('/api/workouts/{member_id}/records/{record_id}/sets/{set_id}/', {
      params: { path: { member_id: member, record_id: record, set_id: set } },
    }),
  );
}

/** A month (YYYY-MM; null: the member's current month) of training days with the streaks. */
export async function getCalendar(member: number, month: string | null): Promise<Calendar> {
  const reply = (await unwrap(
    api.GET('/api/workouts/members/{member_id}/calendar/', {
      params: { path: { member_id: member }, query: month ? { month } : {} },
    }),
  )) as unknown as { data: Calendar };
  return reply.data;
}

export async function getProgress(member: number, exercise: number): Promise<Progress> {
  const reply = (await unwrap(
    api.GET('/api/workouts/members/{member_id}/history/exercises/{exercise_id}/', {
      params: { path: { member_id: member, exercise_id: exercise } },
    }),
  )) as unknown as { data: Progress };
  return reply.data;
}

export async function listPersonalRecords(member: number): Promise<PersonalRecord[]> {
  const reply = (await unwrap(
    api.GET('/api/workouts/members/{member_id}/personal-records/', { params: { path: { member_id: member } } }),
  )) as unknown as { data: { records: PersonalRecord[] } };
  return reply.data.records;
}

/** The member's sets as CSV, fetched with the access token (a plain link would go without it). */
export async function downloadCsv(member: number): Promise<Blob> {
  const { data, response } = await api.GET('/api/workouts/members/{member_id}/export.csv', {
    params: { path: { member_id: member } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) throw new ApiError(`${response.status} ${response.statusText}`.trim(), response.status);
  return data as Blob;
}

export interface NewExercise {
  exercise_name: string;
  name_en?: string;
  body_part: string;
  equipment: string;
  met_value?: number;
}

/** Trainers: a private custom exercise (administrators: a catalogue exercise). */
export async function createExercise(body: NewExercise): Promise<Exercise> {
  const reply = (await unwrap(api.POST('/api/workouts/exercises/', { body }))) as unknown as { data: Exercise };
  return reply.data;
}

