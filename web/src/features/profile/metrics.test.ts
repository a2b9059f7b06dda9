import { describe, expect, it } from 'vitest';
import { daysBefore, rangeDomain, rangeStart, seriesOf, todayIn } from './metrics';

describe('metric ranges', () => {
  // 2025-03-01 20:30 UTC is already 2025-03-02 in Seoul.
  const now = Date.UTC(2025, 2, 1, 20, 30);

  it("counts days in the person's time zone", () => {
    expect(todayIn('Asia/Seoul', now)).toBe('2025-03-02');
    expect(todayIn('America/New_York', now)).toBe('2025-03-01');
    expect(todayIn('Not/AZone', now)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('goes back across months and leap days', () => {
    expect(daysBefore('2025-03-02', 29)).toBe('2025-02-01');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBefore('2025-01-01', 1)).toBe('2024-12-31');
  });

  it('asks for the last 30 or 90 days including today, or everything', () => {
    expect(rangeStart('30', 'Asia/Seoul', now)).toBe('2025-02-01');
    expect(rangeStart('90', 'Asia/Seoul', now)).toBe('2024-12-03');
    expect(rangeStart('all', 'Asia/Seoul', now)).toBeNull();
    expect(rangeDomain('30', now)).toEqual([now - 30 * 86_400_000, now]);
    expect(rangeDomain('all', now)).toBeNull();
  });

  it('turns the series into chart points per metric, without the cleared ones', () => {
    const series = [
      { measured_at: '2025-03-01T01:00:00Z', date: '2025-03-01', weight_kg: 72.5, body_fat_percentage: null, muscle_mass_kg: null },
      { measured_at: '2025-03-02T01:00:00Z', date: '2025-03-02', weight_kg: null, body_fat_percentage: 18, muscle_mass_kg: null },
      { measured_at: 'garbage', date: '', weight_kg: 70, body_fat_percentage: null, muscle_mass_kg: null },
    ];
    expect(seriesOf(series, 'weight_kg')).toEqual([{ t: Date.UTC(2025, 2, 1, 1), value: 72.5 }]);
    expect(seriesOf(series, 'body_fat_percentage')).toEqual([{ t: Date.UTC(2025, 2, 2, 1), value: 18 }]);
  });
});
