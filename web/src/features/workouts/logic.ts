// The workout screens' arithmetic, kept apart from React so it can be tested.

/** Repetitions after a ±1 step: whole numbers from 0 to 999. */
export function stepReps(reps: number, delta: number): number {
  return Math.min(999, Math.max(0, Math.round(reps) + delta));
}

/** Weight after a ±2.5 kg step, rounded to 0.25 kg, from 0 to 999 kg. */
export function stepWeight(kg: number, delta: number): number {
  const next = Math.round((kg + delta) * 4) / 4;
  return Math.min(999, Math.max(0, next));
}

/** Seconds as m:ss (or h:mm:ss). */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** YYYY-MM of a YYYY-MM-DD date, and the month before or after a YYYY-MM. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The weeks of a month (Monday first) as rows of seven cells, each a YYYY-MM-DD date or null outside the month.
 */
export function monthGrid(month: string): (string | null)[][] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const firstWeekday = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // Monday 0
  const cells: (string | null)[] = Array.from({ length: firstWeekday }, () => null);
  for (let d = 1; d <= days; d += 1) cells.push(`${month}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** A number as the user reads it: at most `digits` decimals. */
export function formatNumber(value: number, language: 'ko' | 'en', digits = 1): string {
  return new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: digits }).format(value);
}

/** A search over exercise names, Korean or English, ignoring case and spaces. */
export function matchesQuery(exercise: { exercise_name: string; name_en: string }, query: string): boolean {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (!q) return true;
  return [exercise.exercise_name, exercise.name_en].some((name) => name.replace(/\s+/g, '').toLowerCase().includes(q));
}
