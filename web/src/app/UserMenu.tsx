import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Icon } from '../components/Icon';
import type { SessionUser } from '../features/auth/session';
import { useLogOut } from '../features/auth/useLogOut';
import { useI18n } from '../i18n';

/**
 * The signed-in user's menu in the top bar: who is signed in, a link to the account page, and logging out.
 * A disclosure: the button opens a panel; Escape, a click elsewhere or a navigation closes it.
 */
export function UserMenu({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const { pending, logOut } = useLogOut();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const location = useLocation();

  useEffect(() => setOpen(false), [location.key]);

  useEffect(() => {
    if (!open) return undefined;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <Icon name="profile" />
        <span className="visually-hidden">{t('userMenu.label')}: </span>
        <span className="user-chip">
          {user.name}
          <span className="user-role"> · {t(`role.${user.user_type}`)}</span>
        </span>
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <p className="user-menu-who">
          <strong>{user.name}</strong>
          <span>{user.email}</span>
          <span>{t(`role.${user.user_type}`)}</span>
        </p>
        <ul>
          <li>
            <Link to="/profile">{t('userMenu.account')}</Link>
          </li>
          <li>
            <button type="button" onClick={() => void logOut()} disabled={pending}>
              {pending ? t('auth.loggingOut') : t('auth.logout')}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
