import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it.each([
    [null, ['ko-KR', 'en-US'], 'ko'],
    [null, ['en-US', 'ko'], 'en'],
    [null, ['fr-FR', 'en-GB'], 'en'],
    [null, ['fr-FR', 'de'], 'ko'],
    [null, [], 'ko'],
    ['en', ['ko-KR'], 'en'],
    ['ko', ['en-US'], 'ko'],
    ['xx', ['en-US'], 'en'],
  ] as const)('stored %s, browser %j -> %s', (stored, preferred, expected) => {
    expect(detectLanguage(stored, preferred)).toBe(expected);
  });
});
