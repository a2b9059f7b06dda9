import { useI18n, type Message } from '../../i18n';
import { TextField } from '../../components/Form';
import { passwordChecks, passwordRules } from './validation';

/** The password rules, each ticked off as the password typed so far meets it. The field's hint. */
export function PasswordRules({ password }: { password: string }) {
  const { t } = useI18n();
  const checks = passwordChecks(password);
  return (
    <div className="password-rules">
      <span className="password-rules-title">{t('password.rules')}</span>
      <ul>
        {passwordRules.map((rule) => (
          <li key={rule} className={checks[rule] ? 'rule rule--met' : 'rule'} data-rule={rule} data-met={checks[rule]}>
            <span className="rule-mark" aria-hidden="true">
              {checks[rule] ? '✓' : '·'}
            </span>
            {t(`password.rule.${rule}`)}
            <span className="visually-hidden">
              {' '}
              ({checks[rule] ? t('password.rule.met') : t('password.rule.unmet')})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface NewPasswordFieldsProps {
  /** The form field holding the new password: `password` on sign-up, `new_password` elsewhere. */
  name: 'password' | 'new_password';
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  passwordErrors?: Message[];
  confirmErrors?: Message[];
}

/** A new password with its live rules, and its confirmation: the pair every password form shares. */
export function NewPasswordFields({
  name,
  password,
  confirm,
  onPassword,
  onConfirm,
  passwordErrors,
  confirmErrors,
}: NewPasswordFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        name={name}
        type="password"
        label={t(name === 'password' ? 'field.password' : 'field.newPassword')}
        autoComplete="new-password"
        required
        value={password}
        onValue={onPassword}
        errors={passwordErrors}
        hint={<PasswordRules password={password} />}
      />
      <TextField
        name="confirm_password"
        type="password"
        label={t('field.confirmPassword')}
        autoComplete="new-password"
        required
        value={confirm}
        onValue={onConfirm}
        errors={confirmErrors}
      />
    </>
  );
}
