// The arithmetic of the line chart (LineChart.tsx), kept apart from React so it can be tested: linear scales,
// "nice" axis ticks, and the layout of one series of (time, value) points in a box.

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1] linearly; an empty domain (d0 = d1) maps everything to the middle of the range. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / span;
  return (value) => r0 + (value - d0) * k;
}

/** A step of 1, 2, 2.5 or 5 times a power of ten, near span / count. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Rounds away the binary noise of repeated float steps (0.1 + 0.2). */
const tidy = (value: number) => Number.parseFloat(value.toPrecision(12));

export interface Ticks {
  /** The axis's ends: multiples of `step` around the data. */
  min: number;
  max: number;
  step: number;
  values: number[];
}

/**
 * About `count` intervals of a nice step covering [min, max]. A single value (min = max) gets an interval of
 * `minSpan` around it, so one point sits in the middle of a readable axis instead of on a degenerate one.
 */
export function niceTicks(min: number, max: number, count = 4, minSpan = 1): Ticks {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (hi - lo < minSpan) {
    const middle = (lo + hi) / 2;
    lo = middle - minSpan / 2;
    hi = middle + minSpan / 2;
  }
  const step = niceStep(hi - lo, count);
  const start = tidy(Math.floor(lo / step) * step);
  const end = tidy(Math.ceil(hi / step) * step);
  const values: number[] = [];
  for (let i = 0; ; i += 1) {
    const value = tidy(start + i * step);
    if (value > end + step / 1e6) break;
    values.push(value);
  }
  return { min: start, max: end, step, values };
}

export interface DataPoint {
  /** Milliseconds since the epoch. */
  t: number;
  value: number;
}

export interface Box {
  width: number;
  height: number;
  /** Room for the axes' labels. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface PlottedPoint extends DataPoint {
  x: number;
  y: number;
}

export interface ChartLayout {
  points: PlottedPoint[];
  /** The SVG path of the line through the points ('' without points). */
  path: string;
  yTicks: { value: number; y: number }[];
  xTicks: { t: number; x: number }[];
  /** The plotting area, inside the margins. */
  plot: { left: number; right: number; top: number; bottom: number };
  /** The time shown, from left to right. */
  timeDomain: [number, number];
}

const kDayMs = 24 * 60 * 60 * 1000;

/**
 * Where each point goes in `box`. Time runs left to right over `timeDomain` (default: the points' first to last
 * time, or a day either side of a lone point); values bottom to top over nice ticks around the data.
 */
export function layoutSeries(
  data: readonly DataPoint[],
  box: Box,
  options: { timeDomain?: readonly [number, number]; yTickCount?: number; xTickCount?: number; minSpan?: number } = {},
): ChartLayout {
  const points = [...data].filter((p) => Number.isFinite(p.t) && Number.isFinite(p.value)).sort((a, b) => a.t - b.t);
  const plot = {
    left: box.margin.left,
    right: box.width - box.margin.right,
    top: box.margin.top,
    bottom: box.height - box.margin.bottom,
  };

  let timeDomain: [number, number];
  if (options.timeDomain) timeDomain = [options.timeDomain[0], options.timeDomain[1]];
  else if (points.length === 0) timeDomain = [0, kDayMs];
  else {
    const first = points[0]!.t;
    const last = points[points.length - 1]!.t;
    timeDomain = first === last ? [first - kDayMs, last + kDayMs] : [first, last];
  }
  // Points outside a given domain (clock skew, a range that ends today) are pinned to its edges.
  const x = linearScale(timeDomain, [plot.left, plot.right]);
  const clampX = (value: number) => Math.min(plot.right, Math.max(plot.left, x(value)));

  const values = points.map((p) => p.value);
  const ticks =
    values.length > 0
      ? niceTicks(Math.min(...values), Math.max(...values), options.yTickCount ?? 4, options.minSpan ?? 1)
      : niceTicks(0, 1, options.yTickCount ?? 4, options.minSpan ?? 1);
  const y = linearScale([ticks.min, ticks.max], [plot.bottom, plot.top]);

  const plotted = points.map((p) => ({ ...p, x: round(clampX(p.t)), y: round(y(p.value)) }));
  const path = plotted.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');

  const xCount = Math.max(1, options.xTickCount ?? 3);
  const xTicks = Array.from({ length: xCount + 1 }, (_, i) => {
    const t = timeDomain[0] + ((timeDomain[1] - timeDomain[0]) * i) / xCount;
    return { t, x: round(x(t)) };
  });

  return {
    points: plotted,
    path,
    yTicks: ticks.values.map((value) => ({ value, y: round(y(value)) })),
    xTicks,
    plot,
    timeDomain,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
