import { describe, expect, it } from 'vitest';
import { ActiveClock } from './activeClock';
import { addShownCue, CuePolicy, type Cue } from './cues';

const deeper: Cue = { key: 'shallow_depth', text: 'Squat deeper', kind: 'cue' };
const knees: Cue = { key: 'knees_in', text: 'Knees out', kind: 'cue' };
const count = (n: number): Cue => ({ key: `count-${n}`, text: String(n), kind: 'count' });

describe('speaking cues', () => {
  it('says a cue once, then waits longer each time it comes back', () => {
    const policy = new CuePolicy({ repeatAfterMs: 10_000, minGapMs: 0 });
    expect(policy.decide(deeper, 0)).toBe('speak');
    expect(policy.decide(deeper, 2_000)).toBe('skip'); // every repetition flags it: not every one is spoken
    expect(policy.decide(deeper, 9_999)).toBe('skip');
    expect(policy.decide(deeper, 10_000)).toBe('speak');
    expect(policy.decide(deeper, 29_999)).toBe('skip'); // the second repeat waits twice as long
    expect(policy.decide(deeper, 30_000)).toBe('speak');
    expect(policy.decide(deeper, 69_999)).toBe('skip');
    expect(policy.decide(deeper, 70_000)).toBe('speak');
  });

  it('keeps a gap between different cues, and a skipped cue is not counted as said', () => {
    const policy = new CuePolicy({ repeatAfterMs: 10_000, minGapMs: 3_000 });
    expect(policy.decide(deeper, 0)).toBe('speak');
    expect(policy.decide(knees, 1_000)).toBe('skip');
    expect(policy.decide(knees, 3_000)).toBe('speak');
    expect(policy.decide(knees, 13_000)).toBe('speak');
  });

  it('caps the wait between repeats', () => {
    const policy = new CuePolicy({ repeatAfterMs: 10_000, maxRepeatAfterMs: 20_000, minGapMs: 0 });
    expect(policy.decide(deeper, 0)).toBe('speak');
    expect(policy.decide(deeper, 10_000)).toBe('speak');
    expect(policy.decide(deeper, 29_999)).toBe('skip');
    expect(policy.decide(deeper, 30_000)).toBe('speak');
    expect(policy.decide(deeper, 49_999)).toBe('skip'); // 40 s would be next, the cap says 20 s
    expect(policy.decide(deeper, 50_000)).toBe('speak');
  });

  it('always says counts; a count right after a count replaces it rather than queueing', () => {
    const policy = new CuePolicy({ countOverlapMs: 1_000 });
    expect(policy.decide(count(1), 0)).toBe('speak');
    expect(policy.decide(count(2), 500)).toBe('interrupt');
    expect(policy.decide(count(3), 2_000)).toBe('speak');
    // a cue spoken in between is not cut off by the next count
    expect(policy.decide(deeper, 2_100)).toBe('speak');
    expect(policy.decide(count(4), 2_600)).toBe('speak');
  });

  it('starts afresh after reset', () => {
    const policy = new CuePolicy({ repeatAfterMs: 10_000 });
    policy.decide(deeper, 0);
    policy.reset();
    expect(policy.decide(deeper, 1)).toBe('speak');
  });
});

describe('cues on screen', () => {
  it('shows the newest first, counts a repeat of the newest and keeps three', () => {
    let list = addShownCue([], deeper, 1);
    list = addShownCue(list, deeper, 2);
    expect(list).toEqual([{ key: 'shallow_depth', text: 'Squat deeper', times: 2, serial: 2 }]);
    list = addShownCue(list, knees, 3);
    list = addShownCue(list, { key: 'a', text: 'A' }, 4);
    list = addShownCue(list, { key: 'b', text: 'B' }, 5);
    expect(list.map((c) => c.key)).toEqual(['b', 'a', 'knees_in']);
  });
});

describe('session time', () => {
  it('stands still while paused', () => {
    let now = 1_000;
    const clock = new ActiveClock(() => now);
    expect(clock.seconds()).toBe(0);
    clock.start();
    now += 2_000;
    expect(clock.seconds()).toBe(2);
    clock.pause();
    now += 60_000;
    expect(clock.seconds()).toBe(2);
    clock.start();
    now += 500;
    expect(clock.seconds()).toBe(2.5);
    expect(clock.running).toBe(true);
  });
});
