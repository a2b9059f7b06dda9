import { describe, expect, it } from 'vitest';
import { cameraProblemOf, cameraUnavailable } from './camera';
import { meanSimilarity } from './SessionSummary';
import { countWord, flagText } from './useCoachingSession';

describe('what the coach says', () => {
  it('counts to ten in native Korean numbers, then in digits; English always in digits', () => {
    expect([1, 2, 3, 10].map((n) => countWord(n, 'ko'))).toEqual(['하나', '둘', '셋', '열']);
    expect(countWord(11, 'ko')).toBe('11');
    expect(countWord(3, 'en')).toBe('3');
  });

  it('gives form cues in the page language', () => {
    const flag = {
      code: 'knees_in',
      message_en: 'Knees out',
      message_ko: '무릎을 벌리세요',
      measured: 0,
      limit: 0,
      severity: 0,
    };
    expect(flagText(flag, 'ko')).toBe('무릎을 벌리세요');
    expect(flagText(flag, 'en')).toBe('Knees out');
  });
});

describe('the summary', () => {
  const rep = (score?: number) => ({
    index: 1,
    start_s: 0,
    end_s: 1,
    score: 90,
    flags: [],
    hold_s: 0,
    ...(score === undefined ? {} : { similarity: { score, largest_differences: [] } }),
  });

  it("shows the server's mean similarity, else the mean over the repetitions that were compared", () => {
    expect(meanSimilarity({ mean_similarity: 71, reps: [rep(10)] })).toBe(71);
    expect(meanSimilarity({ reps: [rep(80), rep(), rep(71)] })).toBe(76);
    expect(meanSimilarity({ reps: [rep(), rep()] })).toBeNull();
    expect(meanSimilarity({ mean_similarity: null, reps: [] })).toBeNull();
  });
});

describe('camera problems', () => {
  it('tell refusal, a missing camera and a busy one apart', () => {
    expect(cameraProblemOf(new DOMException('denied', 'NotAllowedError'))).toBe('denied');
    expect(cameraProblemOf({ name: 'NotFoundError' })).toBe('notFound');
    expect(cameraProblemOf({ name: 'OverconstrainedError' })).toBe('notFound');
    expect(cameraProblemOf({ name: 'NotReadableError' })).toBe('inUse');
    expect(cameraProblemOf(new Error('odd'))).toBe('other');
    expect(cameraProblemOf(undefined)).toBe('other');
  });

  it('explain a page without HTTPS or a browser without cameras before asking', () => {
    expect(cameraUnavailable({ isSecureContext: false, hasMediaDevices: true })).toBe('insecure');
    expect(cameraUnavailable({ isSecureContext: true, hasMediaDevices: false })).toBe('unsupported');
    expect(cameraUnavailable({ isSecureContext: true, hasMediaDevices: true })).toBeNull();
  });
});
