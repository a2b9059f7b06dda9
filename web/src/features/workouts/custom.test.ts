import { describe, expect, it } from 'vitest';
import type { Message } from '../../i18n';
import { validateCustomExercise } from './TrainerWorkouts';

const keyOf = (messages: Message[] | undefined) => (messages?.[0] && 'key' in messages[0] ? messages[0].key : undefined);

const valid = { exercise_name: '케틀벨 스윙', name_en: 'Kettlebell swing', body_part: '둔근', equipment: '케틀벨', met_value: '' };

describe('validateCustomExercise', () => {
  it('accepts a named exercise with equipment and no MET', () => {
    expect(validateCustomExercise(valid)).toEqual({});
  });
  it('requires a name and equipment', () => {
    const errors = validateCustomExercise({ ...valid, exercise_name: '  ', equipment: '' });
    expect(keyOf(errors.exercise_name)).toBe('error.required');
    expect(keyOf(errors.equipment)).toBe('error.required');
    expect(keyOf(validateCustomExercise({ ...valid, body_part: '' }).body_part)).toBe('error.required');
  });
  it('keeps MET between 1 and 20, as the server does', () => {
    expect(keyOf(validateCustomExercise({ ...valid, met_value: '0.5' }).met_value)).toBe('error.between');
    expect(keyOf(validateCustomExercise({ ...valid, met_value: 'fast' }).met_value)).toBe('error.between');
    expect(validateCustomExercise({ ...valid, met_value: '9.8' })).toEqual({});
  });
  it('counts characters, not bytes, against the 100-character limit', () => {
    expect(validateCustomExercise({ ...valid, exercise_name: '가'.repeat(100) })).toEqual({});
    expect(keyOf(validateCustomExercise({ ...valid, exercise_name: '가'.repeat(101) }).exercise_name)).toBe('error.nameLength');
  });
});
