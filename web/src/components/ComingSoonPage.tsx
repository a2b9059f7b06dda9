import { useI18n, type MessageKey } from '../i18n';
import { Page } from './Page';

/** A placeholder for a feature that is not built yet: its title, what it will do, and a "coming soon" note. */
export function ComingSoonPage({ title, intro }: { title: MessageKey; intro: MessageKey }) {
  const { t } = useI18n();
  return (
    <Page title={t(title)}>
      <p className="lead">{t(intro)}</p>
      <section className="card coming-soon">
        <span className="badge">{t('comingSoon.badge')}</span>
        <p>{t('comingSoon.body')}</p>
      </section>
    </Page>
  );
}
