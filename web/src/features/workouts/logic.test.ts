import { describe, expect, it } from 'vitest';
import { clock, matchesQuery, monthGrid, shiftMonth, stepReps, stepWeight } from './logic';

describe('workout logic', () => {
  it('steps reps and weight within bounds', () => {
    expect(stepReps(0, -1)).toBe(0);
    expect(stepReps(10, 1)).toBe(11);
    expect(stepWeight(60, 2.5)).toBe(62.5);
    expect(stepWeight(1, -2.5)).toBe(0);
    expect(stepWeight(61.3, 0)).toBe(61.25);
  });
  it('formats clocks', () => {
    expect(clock(90)).toBe('1:30');
    expect(clock(5)).toBe('0:05');
    expect(clock(3725)).toBe('1:02:05');
  });
  it('moves between months', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });
  it('lays a month out in Monday-first weeks', () => {
    const weeks = monthGrid('2026-11'); // 1 November 2026 is a Sunday
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(30);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });
  it('matches Korean and English names', () => {
    const e = { exercise_name: '벤치 프레스', name_en: 'Bench Press' };
    expect(matchesQuery(e, '벤치프')).toBe(true);
    expect(matchesQuery(e, 'bench p')).toBe(true);
    expect(matchesQuery(e, 'squat')).toBe(false);
  });
});
