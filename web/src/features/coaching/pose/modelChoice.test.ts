import { describe, expect, it } from 'vitest';
import { isHandheld, median, ModelChooser, type Complexity } from './modelChoice';

/** Feeds `ms` per frame until the chooser decides something (or `frames` run out). */
function run(chooser: ModelChooser, ms: number, frames = 50): Complexity | null {
  for (let i = 0; i < frames; i += 1) {
    const decision = chooser.record(ms);
    if (decision !== null) return decision;
  }
  return null;
}

describe('choosing the pose model', () => {
  it('starts on lite and keeps it on a device that needs 60 ms a frame', () => {
    const chooser = new ModelChooser({ handheld: false });
    expect(chooser.complexity).toBe(0);
    expect(run(chooser, 60)).toBeNull();
    expect(chooser.complexity).toBe(0);
    expect(chooser.slow).toBe(false);
    expect(chooser.typicalMs).toBe(60);
  });

  it('moves a fast computer to full, then to heavy when full is fast too', () => {
    const chooser = new ModelChooser({ handheld: false });
    expect(run(chooser, 8)).toBe(1);
    expect(run(chooser, 9)).toBe(2);
    expect(run(chooser, 30)).toBeNull(); // heavy at 30 ms stays
    expect(chooser.complexity).toBe(2);
  });

  it('never gives a phone the heavy model', () => {
    const chooser = new ModelChooser({ handheld: true });
    expect(run(chooser, 5)).toBe(1);
    expect(run(chooser, 5)).toBeNull();
    expect(chooser.complexity).toBe(1);
  });

  it('ignores the first frames of a model (loading) and decides on the median, not one slow frame', () => {
    const chooser = new ModelChooser({ handheld: false, warmup: 3, window: 5 });
    for (const ms of [5000, 4000, 3000]) expect(chooser.record(ms)).toBeNull();
    for (const ms of [10, 10, 900, 10]) expect(chooser.record(ms)).toBeNull();
    expect(chooser.record(10)).toBe(1);
  });

  it('goes back to a smaller model that keeps up, and does not try the bigger one again', () => {
    const chooser = new ModelChooser({ handheld: false });
    expect(run(chooser, 15)).toBe(1); // predicted 24 ms on full
    expect(run(chooser, 80)).toBe(0); // it took 80 ms
    expect(run(chooser, 15, 200)).toBeNull();
    expect(chooser.complexity).toBe(0);
  });

  it('calls a device slow when even lite takes longer than a quarter second', () => {
    const chooser = new ModelChooser({ handheld: false });
    expect(run(chooser, 340)).toBeNull();
    expect(chooser.slow).toBe(true);
    expect(run(chooser, 100)).toBeNull(); // after the next window it is measured again
    expect(chooser.slow).toBe(false);
  });

  it('ignores times that are not measurements', () => {
    const chooser = new ModelChooser({ handheld: false, warmup: 0, window: 2 });
    expect(chooser.record(Number.NaN)).toBeNull();
    expect(chooser.record(-1)).toBeNull();
    expect(chooser.record(100)).toBeNull();
    expect(chooser.typicalMs).toBeNull();
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('handheld devices', () => {
  it.each([
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36', 0, true],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 5, true],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15', 5, true],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15', 0, false],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36', 0, false],
  ])('%s (touch points %d): %s', (userAgent, maxTouchPoints, expected) => {
    expect(isHandheld({ userAgent, maxTouchPoints })).toBe(expected);
  });

  it('believes the browser when it says mobile', () => {
    expect(isHandheld({ userAgent: 'X11', userAgentData: { mobile: true } })).toBe(true);
  });
});
