// What the coach says and when. Counts are spoken as they happen; form cues (from the server's repetition
// results) are shown every time but spoken only now and then: the same cue waits longer each time it is repeated,
// and two different cues keep a gap, so the voice never becomes a constant stream of corrections.

export type CueKind = 'count' | 'cue';

export interface Cue {
  /** What identifies the cue for repetition checks, e.g. the server's flag code. */
  key: string;
  text: string;
  kind: CueKind;
}

export type SpeechDecision = 'skip' | 'speak' | 'interrupt';

export interface CuePolicyOptions {
  /** The same cue is not spoken again for this long; the wait doubles each time it is spoken (ms). */
  repeatAfterMs?: number;
  /** Longest wait between repetitions of the same cue (ms). */
  maxRepeatAfterMs?: number;
  /** Two different cues are at least this far apart (ms). */
  minGapMs?: number;
  /** A count this soon after the previous one replaces it instead of queueing behind it (ms). */
  countOverlapMs?: number;
}

export class CuePolicy {
  private readonly repeatAfterMs: number;
  private readonly maxRepeatAfterMs: number;
  private readonly minGapMs: number;
  private readonly countOverlapMs: number;
  private readonly spoken = new Map<string, { at: number; times: number }>();
  private lastCueAt = Number.NEGATIVE_INFINITY;
  private lastCountAt = Number.NEGATIVE_INFINITY;

  constructor({
    repeatAfterMs = 15_000,
    maxRepeatAfterMs = 120_000,
    minGapMs = 3_000,
    countOverlapMs = 1_200,
  }: CuePolicyOptions = {}) {
    this.repeatAfterMs = repeatAfterMs;
    this.maxRepeatAfterMs = maxRepeatAfterMs;
    this.minGapMs = minGapMs;
    this.countOverlapMs = countOverlapMs;
  }

  /** Whether to say `cue` at `now` (ms); a cue that is spoken is remembered. */
  decide(cue: Cue, now: number): SpeechDecision {
    if (cue.kind === 'count') {
      const overlapping = now - this.lastCountAt < this.countOverlapMs && this.lastCountAt > this.lastCueAt;
      this.lastCountAt = now;
      return overlapping ? 'interrupt' : 'speak';
    }
    if (now - this.lastCueAt < this.minGapMs) return 'skip';
    const before = this.spoken.get(cue.key);
    if (before) {
      const wait = Math.min(this.maxRepeatAfterMs, this.repeatAfterMs * 2 ** (before.times - 1));
      if (now - before.at < wait) return 'skip';
    }
    this.spoken.set(cue.key, { at: now, times: (before?.times ?? 0) + 1 });
    this.lastCueAt = now;
    return 'speak';
  }

  /** Forgets what was said (a new session). */
  reset(): void {
    this.spoken.clear();
    this.lastCueAt = Number.NEGATIVE_INFINITY;
    this.lastCountAt = Number.NEGATIVE_INFINITY;
  }
}

/** A cue on screen: the newest first, a repeat of the newest counted rather than listed again. */
export interface ShownCue {
  key: string;
  text: string;
  times: number;
  /** Which repetition (or event) raised it last; lets the list key stay stable. */
  serial: number;
}

export function addShownCue(
  list: readonly ShownCue[],
  cue: { key: string; text: string },
  serial: number,
  keep = 3,
): ShownCue[] {
  const [newest, ...rest] = list;
  if (newest && newest.key === cue.key)
    return [{ ...newest, text: cue.text, times: newest.times + 1, serial }, ...rest];
  return [{ key: cue.key, text: cue.text, times: 1, serial }, ...list].slice(0, keep);
}

/** The browser's speech, in the page's language. */
export interface Speaker {
  readonly available: boolean;
  say(text: string, interrupt: boolean): void;
  stop(): void;
}

export function createSpeaker(
  language: 'ko' | 'en',
  synth: SpeechSynthesis | undefined = globalThis.speechSynthesis,
): Speaker {
  const tag = language === 'ko' ? 'ko-KR' : 'en-US';
  const pickVoice = () => synth?.getVoices().find((v) => v.lang.toLowerCase().startsWith(language)) ?? null;
  return {
    available: !!synth && typeof SpeechSynthesisUtterance !== 'undefined',
    say(text, interrupt) {
      if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
      if (interrupt) synth.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = tag;
      const voice = pickVoice();
      if (voice) utterance.voice = voice;
      utterance.rate = 1.05;
      synth.speak(utterance);
    },
    stop() {
      synth?.cancel();
    },
  };
}
