import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';

/** Asks the server's liveness probe, GET /healthz, through the typed client. */
export function useServerHealth() {
  return useQuery({
    queryKey: ['healthz'],
    queryFn: () => unwrap(api.GET('/healthz')),
    refetchInterval: 60_000,
    retry: false,
    staleTime: 0,
  });
}

/** One line telling whether the server answers. It is a live region, so a change is announced. */
export function ServerStatus() {
  const { t } = useI18n();
  const health = useServerHealth();

  const state = health.isPending ? 'checking' : health.data?.status === 'ok' ? 'online' : 'offline';
  return (
    <p className={`server-status server-status--${state}`} role="status" aria-label={t('status.label')}>
      <span className="server-status-dot" aria-hidden="true" />
      <span className="server-status-text">{t(`status.${state}`)}</span>
      {state === 'offline' && (
        <button type="button" className="link-button" onClick={() => void health.refetch()}>
          {t('status.retry')}
        </button>
      )}
    </p>
  );
}
