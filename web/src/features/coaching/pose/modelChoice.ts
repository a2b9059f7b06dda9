// Which pose model a device runs. MediaPipe Pose has three landmark models: lite (0), full (1) and heavy (2),
// each slower and steadier than the one before. Every device starts on lite; the time the first frames take
// decides whether it can afford the next one. Phones and tablets never get heavy.

export type Complexity = 0 | 1 | 2;

/** How much slower each model is than lite (measured: about 0.33 / 0.53 / 2.2 s per frame on one CPU box). */
const relativeCost: Record<Complexity, number> = { 0: 1, 1: 1.6, 2: 6.5 };

export interface ModelChooserOptions {
  /** A phone or tablet: full at most. */
  handheld: boolean;
  /** A model is worth it when its predicted time per frame stays within this (ms): about 25 frames a second. */
  budgetMs?: number;
  /** Lite slower than this (ms per frame, about 4 frames a second) makes the device "slow". */
  slowMs?: number;
  /** Frames ignored after a model (re)loads: the first ones include loading and warming up. */
  warmup?: number;
  /** Frames measured before deciding. */
  window?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export class ModelChooser {
  complexity: Complexity = 0;
  /** Lite itself is too slow for smooth coaching. */
  slow = false;
  /** The median time per frame of the current model over the last window (ms), once measured. */
  typicalMs: number | null = null;
  private readonly budgetMs: number;
  private readonly slowMs: number;
  private readonly warmup: number;
  private readonly window: number;
  private ceiling: Complexity;
  private skipped = 0;
  private samples: number[] = [];

  constructor({ handheld, budgetMs = 40, slowMs = 250, warmup = 3, window = 10 }: ModelChooserOptions) {
    this.budgetMs = budgetMs;
    this.slowMs = slowMs;
    this.warmup = warmup;
    this.window = window;
    this.ceiling = handheld ? 1 : 2;
  }

  /** Records one frame's inference time; returns the model to switch to, or null to keep the current one. */
  record(ms: number): Complexity | null {
    if (!Number.isFinite(ms) || ms < 0) return null;
    if (this.skipped < this.warmup) {
      this.skipped += 1;
      return null;
    }
    this.samples.push(ms);
    if (this.samples.length > this.window) this.samples.shift();
    if (this.samples.length < this.window) return null;

    const typical = median(this.samples);
    this.typicalMs = typical;
    if (this.complexity === 0) this.slow = typical > this.slowMs;

    const next = (this.complexity + 1) as Complexity;
    if (
      this.complexity < this.ceiling &&
      typical * (relativeCost[next] / relativeCost[this.complexity]) <= this.budgetMs
    ) {
      return this.switchTo(next);
    }
    if (this.complexity > 0 && typical > this.budgetMs * 1.5) {
      const previous = (this.complexity - 1) as Complexity;
      this.ceiling = previous; // it did not keep up: never try the bigger model again
      return this.switchTo(previous);
    }
    return null;
  }

  private switchTo(complexity: Complexity): Complexity {
    this.complexity = complexity;
    this.samples = [];
    this.skipped = 0;
    this.typicalMs = null;
    return complexity;
  }
}

interface NavigatorLike {
  userAgent: string;
  maxTouchPoints?: number;
  userAgentData?: { mobile?: boolean };
}

/** A phone or a tablet (including iPads, which call themselves Macintosh but have a touch screen). */
export function isHandheld(nav: NavigatorLike): boolean {
  if (nav.userAgentData?.mobile) return true;
  if (/Android|iPhone|iPad|iPod|Mobile|Windows Phone/i.test(nav.userAgent)) return true;
  return /Macintosh/.test(nav.userAgent) && (nav.maxTouchPoints ?? 0) > 1;
}
