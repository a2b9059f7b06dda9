import { describe, expect, it } from 'vitest';
import { layoutSeries, linearScale, niceStep, niceTicks, type Box } from './scale';

const day = 24 * 60 * 60 * 1000;
const box: Box = { width: 300, height: 140, margin: { top: 10, right: 10, bottom: 30, left: 40 } };
// The plot area: x 40..290, y 10..110.

describe('linearScale', () => {
  it('maps the domain onto the range, both ways round', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x(0)).toBe(100);
    expect(x(5)).toBe(150);
    expect(x(10)).toBe(200);
    expect(x(-10)).toBe(0); // extrapolates
    const y = linearScale([60, 80], [110, 10]); // SVG y grows downwards
    expect(y(60)).toBe(110);
    expect(y(80)).toBe(10);
    expect(y(70)).toBe(60);
  });

  it('puts everything in the middle of an empty domain', () => {
    const x = linearScale([5, 5], [0, 100]);
    expect(x(5)).toBe(50);
    expect(x(1000)).toBe(50);
  });
});

describe('nice ticks', () => {
  it('chooses steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(10, 4)).toBe(2.5);
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(7, 4)).toBe(2);
    expect(niceStep(3, 4)).toBe(1);
    expect(niceStep(0.3, 4)).toBe(0.1);
    expect(niceStep(40, 4)).toBe(10);
    expect(niceStep(0, 4)).toBe(1);
  });

  it('covers the data with round numbers', () => {
    expect(niceTicks(71.3, 78.9, 4)).toEqual({ min: 70, max: 80, step: 2, values: [70, 72, 74, 76, 78, 80] });
    expect(niceTicks(70, 80, 4)).toEqual({ min: 70, max: 80, step: 2.5, values: [70, 72.5, 75, 77.5, 80] });
    expect(niceTicks(12.5, 24, 4)).toMatchObject({ min: 10, max: 25, step: 5, values: [10, 15, 20, 25] });
    // No floating-point noise such as 0.30000000000000004.
    expect(niceTicks(0.1, 0.35, 4, 0.01).values).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('gives a lone value an axis around it', () => {
    const ticks = niceTicks(72.5, 72.5, 4, 1);
    expect(ticks.min).toBeLessThan(72.5);
    expect(ticks.max).toBeGreaterThan(72.5);
    expect(ticks.values).toEqual([72, 72.25, 72.5, 72.75, 73]);
  });
});

describe('layoutSeries', () => {
  it('places a lone point in the middle of the plot', () => {
    const t = Date.UTC(2025, 0, 15);
    const layout = layoutSeries([{ t, value: 72.5 }], box);
    expect(layout.plot).toEqual({ left: 40, right: 290, top: 10, bottom: 110 });
    expect(layout.points).toEqual([{ t, value: 72.5, x: 165, y: 60 }]);
    expect(layout.timeDomain).toEqual([t - day, t + day]);
    expect(layout.path).toBe('M165,60');
  });

  it('runs time left to right and values bottom to top, in time order', () => {
    const t0 = Date.UTC(2025, 0, 1);
    const layout = layoutSeries(
      [
        { t: t0 + 10 * day, value: 80 },
        { t: t0, value: 70 },
        { t: t0 + 5 * day, value: 75 },
      ],
      box,
    );
    expect(layout.yTicks.map((tick) => tick.value)).toEqual([70, 72.5, 75, 77.5, 80]);
    expect(layout.points.map(({ x, y }) => [x, y])).toEqual([
      [40, 110],
      [165, 60],
      [290, 10],
    ]);
    expect(layout.path).toBe('M40,110 L165,60 L290,10');
    expect(layout.yTicks[0]).toEqual({ value: 70, y: 110 });
    expect(layout.yTicks.at(-1)).toEqual({ value: 80, y: 10 });
  });

  it('uses a given time range and keeps points inside it', () => {
    const now = Date.UTC(2025, 5, 30);
    const layout = layoutSeries(
      [
        { t: now - 15 * day, value: 70 },
        { t: now + day, value: 71 }, // a clock a little ahead
      ],
      box,
      { timeDomain: [now - 30 * day, now], xTickCount: 3 },
    );
    expect(layout.points[0]!.x).toBe(165);
    expect(layout.points[1]!.x).toBe(290);
    expect(layout.xTicks.map((tick) => tick.x)).toEqual([40, 123.33, 206.67, 290]);
    expect(layout.xTicks[0]!.t).toBe(now - 30 * day);
    expect(layout.xTicks.at(-1)!.t).toBe(now);
  });

  it('draws nothing without points, and skips values that are not numbers', () => {
    expect(layoutSeries([], box)).toMatchObject({ points: [], path: '' });
    expect(layoutSeries([{ t: 0, value: Number.NaN }], box).points).toEqual([]);
  });
});
