import { useI18n } from '../../i18n';
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
