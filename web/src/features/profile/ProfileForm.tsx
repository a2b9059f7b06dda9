import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { memberKeys, updateMyProfile, type Profile } from '../../api/members';
import { FormSummary, SelectField, SubmitButton, TextField, useForm } from '../../components/Form';
import { useI18n, type MessageKey } from '../../i18n';
import { useSession } from '../auth/session';
import type { FieldErrors } from '../auth/validation';
import { browserTimeZone, timeZoneChoices, utcOffset } from './timeZones';
import {
  profileFields,
  profileUpdate,
  profileValues,
  ranges,
  validateProfile,
  type NumberField,
  type ProfileField,
  type ProfileValues,
} from './validation';

const numberLabels: Record<NumberField, MessageKey> = {
  age: 'field.age',
  height_cm: 'field.height',
  weight_kg: 'field.weight',
  body_fat_percentage: 'field.bodyFat',
  muscle_mass_kg: 'field.muscleMass',
};

/**
 * The profile's details: name, phone, body measurements and time zone. A field is checked when it is left, and
 * again on every change once it has shown an error, so a fix clears the message at once; Save checks them all.
 */
export function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const { updateUser } = useSession();
  const saved = useMemo(() => profileValues(profile), [profile]);
  const [values, setValues] = useState<ProfileValues>(saved);
  const [touched, setTouched] = useState<ReadonlySet<ProfileField>>(() => new Set());
  const [notice, setNotice] = useState<MessageKey | null>(null);

  const live = useMemo(() => validateProfile(values), [values]);

  const form = useForm({
    fields: profileFields,
    validate: () => {
      setTouched(new Set(profileFields));
      return validateProfile(values);
    },
    send: async () => {
      const body = profileUpdate(values, saved);
      if (Object.keys(body).length === 0) {
        setNotice('profile.noChanges');
        return;
      }
      const user = await updateMyProfile(body);
      queryClient.setQueryData(memberKeys.profile, user);
      void queryClient.invalidateQueries({ queryKey: ['metrics'] });
      updateUser({ name: user.name });
      setValues(profileValues(user));
      setTouched(new Set());
      setNotice('profile.saved');
    },
  });

  const set = (field: ProfileField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setNotice(null);
    form.clearError(field);
  };
  const touch = (field: ProfileField) =>
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));

  // The server's (or the last submit's) errors, else the live check of a field already visited.
  const errors: FieldErrors<ProfileField> = {};
  for (const field of profileFields) {
    const shown = form.errors[field] ?? (touched.has(field) ? live[field] : undefined);
    if (shown) errors[field] = shown;
  }

  const zones = useMemo(() => {
    return timeZoneChoices(profile.time_zone, browserTimeZone()).map((zone) => {
      const offset = utcOffset(zone);
      return { value: zone, label: offset ? `${zone.replace(/_/g, ' ')} (${offset})` : zone.replace(/_/g, ' ') };
    });
  }, [profile.time_zone]);

  const numberField = (field: NumberField) => {
    const range = ranges[field];
    return (
      <TextField
        key={field}
        name={field}
        label={t(numberLabels[field])}
        inputMode={range.integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={values[field]}
        onValue={(value) => set(field, value)}
        onBlur={() => touch(field)}
        errors={errors[field]}
        hint={t(
          field === 'muscle_mass_kg' ? 'field.muscleMass.hint' : field === 'age' ? 'field.age.hint' : 'field.range',
          { min: range.min, max: range.max, unit: range.unit },
        )}
      />
    );
  };

  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('profile.details')}</h2>
      <p className="muted">{t('profile.details.note')}</p>
      <form ref={form.formRef} className="form" noValidate onSubmit={form.onSubmit} aria-busy={form.pending}>
        <FormSummary messages={form.summary} retrySeconds={form.retrySeconds} summaryRef={form.summaryRef} />
        <TextField
          name="name"
          label={t('field.name')}
          autoComplete="name"
          required
          value={values.name}
          onValue={(value) => set('name', value)}
          onBlur={() => touch('name')}
          errors={errors.name}
        />
        <TextField
          name="phone"
          type="tel"
          label={t('field.phone')}
          autoComplete="tel"
          inputMode="tel"
          value={values.phone}
          onValue={(value) => set('phone', value)}
          onBlur={() => touch('phone')}
          errors={errors.phone}
          hint={t('field.phone.hint')}
        />
        <div className="field-grid">{(['age', 'height_cm', 'weight_kg'] as const).map(numberField)}</div>
        <div className="field-grid">{(['body_fat_percentage', 'muscle_mass_kg'] as const).map(numberField)}</div>
        <SelectField
          name="time_zone"
          label={t('field.timeZone')}
          value={values.time_zone}
          options={zones}
          onValue={(value) => set('time_zone', value)}
          onBlur={() => touch('time_zone')}
          errors={errors.time_zone}
          hint={t('field.timeZone.hint')}
        />
        <p role="status" className={notice ? 'notice' : 'notice--empty'}>
          {notice ? t(notice) : ''}
        </p>
        <SubmitButton
          pending={form.pending}
          disabled={form.retrySeconds > 0}
          label={t('profile.save')}
          pendingLabel={t('profile.saving')}
        />
      </form>
    </section>
  );
}
