// The profile form's checks. They mirror the server's rules (src/members/member_service.cpp) so a value out of
// range is flagged while it is typed; the server has the last word and its answers are shown the same way.
import type { Profile, ProfileUpdate } from '../../api/members';
import { msg, type FieldErrors, type Message } from '../auth/validation';

export const profileFields = [
  'name',
  'phone',
  'age',
  'height_cm',
  'weight_kg',
  'body_fat_percentage',
  'muscle_mass_kg',
  'time_zone',
] as const;
export type ProfileField = (typeof profileFields)[number];

/** The form's values: what is in the inputs, as typed. */
export type ProfileValues = Record<ProfileField, string>;

export type NumberField = Exclude<ProfileField, 'name' | 'phone' | 'time_zone'>;
export const numberFields: readonly NumberField[] = ['age', 'height_cm', 'weight_kg', 'body_fat_percentage', 'muscle_mass_kg'];

/** The ranges the server accepts, inclusive, and whether a whole number is needed. */
export const ranges: Record<NumberField, { min: number; max: number; integer?: boolean; unit: string }> = {
  age: { min: 10, max: 120, integer: true, unit: '' },
  height_cm: { min: 50, max: 272, unit: 'cm' },
  weight_kg: { min: 20, max: 400, unit: 'kg' },
  body_fat_percentage: { min: 2, max: 70, unit: '%' },
  muscle_mass_kg: { min: 1, max: 400, unit: 'kg' },
};

export const nameMaxLength = 100;
export const phoneMaxLength = 20;
export const phoneMinDigits = 7;
export const defaultTimeZone = 'Asia/Seoul';

/**
 * A number typed into a field: digits with at most one decimal point (a decimal comma is taken as a point).
 * '' → null (no value); something that is not a number → NaN.
 */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed) return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return Number.NaN;
  return Number(trimmed);
}

/** Is `phone` what the server takes: digits and - + ( ) or spaces, at least 7 digits, at most 20 characters? */
export function isPhone(phone: string): boolean {
  if (!phone || phone.length > phoneMaxLength) return false;
  if (!/^[0-9\-+() ]+$/.test(phone)) return false;
  return (phone.match(/\d/g)?.length ?? 0) >= phoneMinDigits;
}

/** Does this browser know `zone` as an IANA time zone? */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function add(errors: FieldErrors<ProfileField>, field: ProfileField, message: Message) {
  (errors[field] ??= []).push(message);
}

function checkNumber(errors: FieldErrors<ProfileField>, field: NumberField, text: string): number | null {
  const value = parseNumber(text);
  if (value === null) return null;
  const { min, max, integer } = ranges[field];
  if (Number.isNaN(value)) {
    add(errors, field, msg(integer ? 'error.wholeNumber' : 'error.number'));
    return null;
  }
  if (integer && !Number.isInteger(value)) {
    add(errors, field, msg('error.wholeNumber'));
    return null;
  }
  if (value < min || value > max) {
    add(errors, field, msg('error.between', { min, max }));
    return null;
  }
  return value;
}

export function validateProfile(values: ProfileValues): FieldErrors<ProfileField> {
  const errors: FieldErrors<ProfileField> = {};
  const name = values.name.trim();
  if (!name) add(errors, 'name', msg('error.required'));
  else if ([...name].length > nameMaxLength) add(errors, 'name', msg('error.nameTooLong', { max: nameMaxLength }));

  const phone = values.phone.trim();
  if (phone && !isPhone(phone)) add(errors, 'phone', msg('error.phoneInvalid'));

  for (const field of numberFields) {
    if (field !== 'muscle_mass_kg') checkNumber(errors, field, values[field]);
  }
  const muscle = checkNumber(errors, 'muscle_mass_kg', values.muscle_mass_kg);
  const weight = parseNumber(values.weight_kg);
  if (muscle !== null && weight !== null && !Number.isNaN(weight) && !errors.weight_kg && muscle >= weight) {
    add(errors, 'muscle_mass_kg', msg('error.muscleOverWeight'));
  }

  if (!isTimeZone(values.time_zone)) add(errors, 'time_zone', msg('error.timeZoneInvalid'));
  return errors;
}

const show = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** The form's values for a profile from the server. */
export function profileValues(profile: Profile): ProfileValues {
  return {
    name: profile.name,
    phone: profile.phone ?? '',
    age: show(profile.age),
    height_cm: show(profile.height_cm),
    weight_kg: show(profile.weight_kg),
    body_fat_percentage: show(profile.body_fat_percentage),
    muscle_mass_kg: show(profile.muscle_mass_kg),
    time_zone: profile.time_zone || defaultTimeZone,
  };
}

/**
 * The PATCH body for valid `values`: the fields that differ from `saved` (all of them without it); an emptied
 * field becomes null, which clears it on the server.
 */
export function profileUpdate(values: ProfileValues, saved?: ProfileValues): ProfileUpdate {
  const body: ProfileUpdate = {};
  const changed = (field: ProfileField) => !saved || values[field].trim() !== saved[field].trim();
  if (changed('name')) body.name = values.name.trim();
  if (changed('phone')) body.phone = values.phone.trim() || null;
  if (changed('time_zone')) body.time_zone = values.time_zone;
  for (const field of numberFields) {
    if (changed(field)) body[field] = parseNumber(values[field]);
  }
  return body;
}

/** What a complete profile needs (as the server decides profile_completed): the ones still missing. */
export type CompletionItem = 'name' | 'phone' | 'age' | 'height_cm' | 'weight_kg' | 'photo';

export interface Completion {
  done: number;
  total: number;
  /** 0-100 */
  percent: number;
  missing: CompletionItem[];
}

/** How complete a profile is: trainers need name, phone and photo; everyone else name, phone, age, height, weight. */
export function profileCompletion(
  profile: Pick<Profile, 'name' | 'phone' | 'age' | 'height_cm' | 'weight_kg' | 'profile_image' | 'user_type'>,
): Completion {
  const has: Record<CompletionItem, boolean> = {
    name: !!profile.name,
    phone: !!profile.phone,
    age: profile.age !== null && profile.age !== undefined,
    height_cm: profile.height_cm !== null && profile.height_cm !== undefined,
    weight_kg: profile.weight_kg !== null && profile.weight_kg !== undefined,
    photo: !!profile.profile_image,
  };
  const items: CompletionItem[] =
    profile.user_type === 'trainer' ? ['name', 'phone', 'photo'] : ['name', 'phone', 'age', 'height_cm', 'weight_kg'];
  const missing = items.filter((item) => !has[item]);
  const done = items.length - missing.length;
  return { done, total: items.length, percent: Math.round((done / items.length) * 100), missing };
}

/** Checks a chosen photo before it is sent: type and size. */
export function photoProblem(file: { type: string; size: number }, maxBytes: number, types: readonly string[]): Message | null {
  if (!types.includes(file.type)) return msg('error.photoType');
  if (file.size > maxBytes) return msg('error.photoTooLarge', { max: Math.round(maxBytes / (1024 * 1024)) });
  if (file.size === 0) return msg('error.photoEmpty');
  return null;
}
