import { describe, expect, it } from 'vitest';
import type { Profile } from '../../api/members';
import { describeProblem } from '../auth/problems';
import { ApiError } from '../../api/client';
import {
  isPhone,
  isTimeZone,
  parseNumber,
  photoProblem,
  profileCompletion,
  profileUpdate,
  profileValues,
  validateProfile,
  type ProfileValues,
} from './validation';

const valid: ProfileValues = {
  name: '김회원',
  phone: '010-1234-5678',
  age: '31',
  height_cm: '178',
  weight_kg: '72.5',
  body_fat_percentage: '18.4',
  muscle_mass_kg: '33',
  time_zone: 'Asia/Seoul',
};

const keysOf = (values: Partial<ProfileValues>) => {
  const errors = validateProfile({ ...valid, ...values });
  return Object.fromEntries(
    Object.entries(errors).map(([field, list]) => [field, list!.map((m) => ('key' in m ? m.key : m.text))]),
  );
};

describe('profile form checks', () => {
  it('accepts a complete, sensible profile, and empty optional fields', () => {
    expect(validateProfile(valid)).toEqual({});
    expect(
      validateProfile({ ...valid, phone: '', age: '', height_cm: '', weight_kg: '', body_fat_percentage: '', muscle_mass_kg: '' }),
    ).toEqual({});
  });

  it('reads numbers as typed, with a decimal point or comma', () => {
    expect(parseNumber('72.5')).toBe(72.5);
    expect(parseNumber(' 72,5 ')).toBe(72.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('  ')).toBeNull();
    expect(parseNumber('72kg')).toBeNaN();
    expect(parseNumber('1e3')).toBeNaN();
    expect(parseNumber('7.2.5')).toBeNaN();
  });

  it('mirrors the server ranges, bounds included', () => {
    expect(keysOf({ age: '10', height_cm: '50', weight_kg: '400', body_fat_percentage: '2', muscle_mass_kg: '1' })).toEqual({});
    expect(keysOf({ age: '120', height_cm: '272', weight_kg: '20', body_fat_percentage: '70', muscle_mass_kg: '' })).toEqual({});
    expect(keysOf({ age: '9' })).toEqual({ age: ['error.between'] });
    expect(keysOf({ age: '121' })).toEqual({ age: ['error.between'] });
    expect(keysOf({ age: '30.5' })).toEqual({ age: ['error.wholeNumber'] });
    expect(keysOf({ height_cm: '49.9' })).toEqual({ height_cm: ['error.between'] });
    expect(keysOf({ height_cm: '272.1' })).toEqual({ height_cm: ['error.between'] });
    expect(keysOf({ weight_kg: '19', muscle_mass_kg: '' })).toEqual({ weight_kg: ['error.between'] });
    expect(keysOf({ weight_kg: '401' })).toEqual({ weight_kg: ['error.between'] });
    expect(keysOf({ body_fat_percentage: '1.9' })).toEqual({ body_fat_percentage: ['error.between'] });
    expect(keysOf({ body_fat_percentage: '70.5' })).toEqual({ body_fat_percentage: ['error.between'] });
    expect(keysOf({ weight_kg: 'heavy' })).toEqual({ weight_kg: ['error.number'] });
    const between = validateProfile({ ...valid, height_cm: '300' }).height_cm?.[0];
    expect(between).toEqual({ key: 'error.between', values: { min: 50, max: 272 } });
  });

  it('wants the muscle mass below the weight', () => {
    expect(keysOf({ weight_kg: '60', muscle_mass_kg: '60' })).toEqual({ muscle_mass_kg: ['error.muscleOverWeight'] });
    expect(keysOf({ weight_kg: '60', muscle_mass_kg: '59.9' })).toEqual({});
    expect(keysOf({ weight_kg: '', muscle_mass_kg: '80' })).toEqual({});
    // A weight that is itself wrong is reported there, not as a muscle problem.
    expect(keysOf({ weight_kg: '10', muscle_mass_kg: '30' })).toEqual({ weight_kg: ['error.between'] });
  });

  it('checks name, phone and time zone like the server', () => {
    expect(keysOf({ name: '  ' })).toEqual({ name: ['error.required'] });
    expect(keysOf({ name: '가'.repeat(101) })).toEqual({ name: ['error.nameTooLong'] });
    expect(isPhone('010-1234-5678')).toBe(true);
    expect(isPhone('+82 (10) 1234 5678')).toBe(true);
    expect(isPhone('123456')).toBe(false); // 6 digits
    expect(isPhone('1234567')).toBe(true);
    expect(isPhone('010.1234.5678')).toBe(false);
    expect(isPhone('0'.repeat(21))).toBe(false);
    expect(keysOf({ phone: 'call me' })).toEqual({ phone: ['error.phoneInvalid'] });
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(keysOf({ time_zone: 'Mars/Olympus' })).toEqual({ time_zone: ['error.timeZoneInvalid'] });
  });

  it('sends only what changed, clearing emptied fields with null', () => {
    const saved = { ...valid, phone: '', weight_kg: '70' };
    expect(profileUpdate({ ...saved, weight_kg: '72.5', height_cm: '178' }, saved)).toEqual({ weight_kg: 72.5 });
    expect(profileUpdate({ ...saved, weight_kg: '72.5', height_cm: '180' }, saved)).toEqual({ weight_kg: 72.5, height_cm: 180 });
    expect(profileUpdate({ ...saved, body_fat_percentage: '' }, saved)).toEqual({ body_fat_percentage: null });
    expect(profileUpdate({ ...saved, phone: ' 010-1111-2222 ' }, saved)).toEqual({ phone: '010-1111-2222' });
    expect(profileUpdate(saved, saved)).toEqual({});
    expect(Object.keys(profileUpdate(valid)).sort()).toEqual(
      ['age', 'body_fat_percentage', 'height_cm', 'muscle_mass_kg', 'name', 'phone', 'time_zone', 'weight_kg'],
    );
  });

  it('fills the form from a profile', () => {
    const profile = {
      id: 1,
      name: '김회원',
      email: 'kim@example.com',
      user_type: 'member',
      profile_completed: false,
      phone: null,
      age: null,
      height_cm: 178,
      weight_kg: 72.5,
      body_fat_percentage: null,
      muscle_mass_kg: null,
      time_zone: 'Asia/Seoul',
    } satisfies Profile;
    expect(profileValues(profile)).toEqual({
      name: '김회원',
      phone: '',
      age: '',
      height_cm: '178',
      weight_kg: '72.5',
      body_fat_percentage: '',
      muscle_mass_kg: '',
      time_zone: 'Asia/Seoul',
    });
  });
});

describe('profile completion', () => {
  const base = { name: '김', phone: null, age: null, height_cm: null, weight_kg: null, profile_image: null };

  it('counts what the server counts for a member', () => {
    expect(profileCompletion({ ...base, user_type: 'member' })).toEqual({
      done: 1,
      total: 5,
      percent: 20,
      missing: ['phone', 'age', 'height_cm', 'weight_kg'],
    });
    const full = { ...base, phone: '010-1234-5678', age: 30, height_cm: 178, weight_kg: 72.5, user_type: 'member' as const };
    expect(profileCompletion(full)).toMatchObject({ percent: 100, missing: [] });
  });

  it('wants a photo rather than body metrics from a trainer', () => {
    expect(profileCompletion({ ...base, phone: '010-1234-5678', user_type: 'trainer' })).toMatchObject({
      done: 2,
      total: 3,
      percent: 67,
      missing: ['photo'],
    });
  });
});

describe('photo checks', () => {
  const types = ['image/jpeg', 'image/png', 'image/webp'];
  it('takes JPEG, PNG and WebP up to the limit', () => {
    expect(photoProblem({ type: 'image/png', size: 1000 }, 10, types)).toEqual({ key: 'error.photoTooLarge', values: { max: 0 } });
    expect(photoProblem({ type: 'image/png', size: 10 }, 10, types)).toBeNull();
    expect(photoProblem({ type: 'image/gif', size: 10 }, 10, types)).toEqual({ key: 'error.photoType' });
    expect(photoProblem({ type: 'image/webp', size: 0 }, 10, types)).toEqual({ key: 'error.photoEmpty' });
  });
});

describe('server answers to a profile edit', () => {
  it('puts each error beside its field in the catalogue words', () => {
    const error = new ApiError('400 Bad Request', 400, {
      code: 'invalid',
      detail: '입력 데이터가 유효하지 않습니다.',
      errors: {
        age: ['age must be between 10 and 120.'],
        weight_kg: ['weight_kg must be between 20 and 400 kg.'],
        muscle_mass_kg: ['muscle_mass_kg must be less than weight_kg.'],
        phone: ['전화번호 형식이 올바르지 않습니다 (예: 010-1234-5678).'],
        time_zone: ['Unknown time zone; use an IANA name such as Asia/Seoul.'],
        email: ['Identity fields cannot be changed here.'],
      },
    });
    const problem = describeProblem(error, ['age', 'weight_kg', 'muscle_mass_kg', 'phone', 'time_zone'] as const);
    expect(problem.fields).toEqual({
      age: [{ key: 'error.between', values: { min: 10, max: 120 } }],
      weight_kg: [{ key: 'error.between', values: { min: 20, max: 400 } }],
      muscle_mass_kg: [{ key: 'error.muscleOverWeight' }],
      phone: [{ key: 'error.phoneInvalid' }],
      time_zone: [{ key: 'error.timeZoneInvalid' }],
    });
    expect(problem.summary).toEqual([{ text: 'Identity fields cannot be changed here.' }]);
  });
});
