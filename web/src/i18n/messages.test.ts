import { describe, expect, it } from 'vitest';
import { catalogue, languages, translate } from './messages';

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  const keys = Object.keys(catalogue.ko).sort();

  it.each(languages)('%s has every key, none empty', (language) => {
    expect(Object.keys(catalogue[language]).sort()).toEqual(keys);
    for (const key of keys) expect(catalogue[language][key as keyof typeof catalogue.ko].trim()).not.toBe('');
  });

  it('uses the same placeholders in every language', () => {
    for (const key of keys) {
      const k = key as keyof typeof catalogue.ko;
      expect(placeholders(catalogue.en[k]), key).toEqual(placeholders(catalogue.ko[k]));
    }
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(translate('ko', 'home.titleSignedIn', { name: '민수' })).toBe('민수님, 반갑습니다');
    expect(translate('en', 'home.titleSignedIn', { name: 'Alex' })).toBe('Welcome back, Alex');
    expect(translate('en', 'home.titleSignedIn', {})).toBe('Welcome back, {name}');
  });
});
