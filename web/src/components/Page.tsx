import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { readAuthState } from '../features/auth/locationState';
import { useI18n } from '../i18n';

// The first page of a visit keeps the browser's own focus; later ones take it, see below.
let shownBefore = false;

interface PageProps {
  /** The page's heading, also used in the document title. */
  title: string;
  /** Set on the home page: the document title is then just the app's name. */
  isHome?: boolean;
  children?: ReactNode;
}

/**
 * The frame of every page: one <h1>, and the document title. After a client-side navigation it moves the
 * keyboard focus to the heading, so screen readers announce the new page as they would after a full load.
 * A notice the previous page passed along (navigate(to, { state: { notice } })) is shown under the heading.
 */
export function Page({ title, isHome = false, children }: PageProps) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const appName = t('app.name');
  const { notice } = readAuthState(useLocation().state);

  useEffect(() => {
    document.title = isHome ? appName : `${title} · ${appName}`;
  }, [title, isHome, appName]);

  useEffect(() => {
    if (shownBefore) heading.current?.focus({ preventScroll: false });
    shownBefore = true;
  }, []);

  return (
    <div className="page">
      <h1 className="page-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {notice && (
        <p role="status" className="notice">
          {t(notice)}
        </p>
      )}
      {children}
    </div>
  );
}
