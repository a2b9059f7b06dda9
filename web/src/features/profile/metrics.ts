// Body-metric ranges and series for the charts.
import type { MetricPoint } from '../../api/members';
import type { DataPoint } from '../../components/chart/scale';

export const metricRanges = ['30', '90', 'all'] as const;
export type MetricRange = (typeof metricRanges)[number];

const kDayMs = 24 * 60 * 60 * 1000;

/** Today's date (YYYY-MM-DD) in `timeZone`; the browser's own zone when it does not know that one. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  const format = (zone?: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  try {
    return format(timeZone);
  } catch {
    return format();
  }
}

/** The date `days` days before `date` (both YYYY-MM-DD). */
export function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - days * kDayMs).toISOString().slice(0, 10);
}

/**
 * The first day the server is asked for (the `from` query, in the person's time zone): the last 30 or 90 days
 * including today, or null for everything. There is no `to`: the server then counts up to now.
 */
export function rangeStart(range: MetricRange, timeZone: string, now: number = Date.now()): string | null {
  if (range === 'all') return null;
  return daysBefore(todayIn(timeZone, now), Number(range) - 1);
}

/** The time the chart shows for a range (null: the span of the data). */
export function rangeDomain(range: MetricRange, now: number = Date.now()): [number, number] | null {
  if (range === 'all') return null;
  return [now - Number(range) * kDayMs, now];
}

/** One metric of the series as chart points, leaving out the changes that cleared it. */
export function seriesOf(series: readonly MetricPoint[], field: 'weight_kg' | 'body_fat_percentage' | 'muscle_mass_kg'): DataPoint[] {
  const points: DataPoint[] = [];
  for (const point of series) {
    const value = point[field];
    const t = Date.parse(point.measured_at);
    if (value !== null && value !== undefined && Number.isFinite(t)) points.push({ t, value });
  }
  return points;
}
