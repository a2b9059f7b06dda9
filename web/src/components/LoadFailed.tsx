import { useI18n, type MessageKey } from '../i18n';

/** What a screen shows when its data could not be loaded: the reason in words and a retry button. */
export function LoadFailed({ message, onRetry, className }: { message: MessageKey; onRetry: () => unknown; className?: string }) {
  const { t } = useI18n();
  return (
    <p role="alert" className={className ? `inline-error ${className}` : 'inline-error'}>
      {t(message)}{' '}
      <button type="button" className="link-button" onClick={() => void onRetry()}>
        {t('action.retry')}
      </button>
    </p>
  );
}
