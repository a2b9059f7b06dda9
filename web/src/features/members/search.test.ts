import { describe, expect, it } from 'vitest';
import { filterMembers, foldText } from './search';

const members = [
  { name: '김민수', email: 'minsu@example.com', phone: '010-1234-5678' },
  { name: 'Alex Kim', email: 'alex@example.com', phone: null },
  { name: '박지영', email: 'jy.park@example.com', phone: '+82 10 9999 0000' },
];

describe('member filter', () => {
  it('folds case, width and spaces', () => {
    expect(foldText(' Ａlex  KIM ')).toBe('alexkim');
  });

  it('matches names, e-mail addresses and phone digits', () => {
    expect(filterMembers(members, '')).toHaveLength(3);
    expect(filterMembers(members, '김').map((m) => m.name)).toEqual(['김민수']);
    expect(filterMembers(members, 'kim').map((m) => m.name)).toEqual(['Alex Kim']);
    expect(filterMembers(members, 'alex kim').map((m) => m.name)).toEqual(['Alex Kim']);
    expect(filterMembers(members, 'PARK@').map((m) => m.name)).toEqual(['박지영']);
    expect(filterMembers(members, '0101234').map((m) => m.name)).toEqual(['김민수']);
    expect(filterMembers(members, '1234-56').map((m) => m.name)).toEqual(['김민수']);
    expect(filterMembers(members, '9999').map((m) => m.name)).toEqual(['박지영']);
    expect(filterMembers(members, 'nobody')).toEqual([]);
  });
});
