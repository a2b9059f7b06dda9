import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n, type Message } from '../i18n';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  /** The action is destructive: the confirm button looks like a warning. */
  danger?: boolean;
  pending?: boolean;
  /** What went wrong with the last try, shown in the dialog. */
  error?: Message | null;
  onConfirm: () => void;
  onCancel: () => void;
}

function restoreFocus(opener: { current: HTMLElement | null }) {
  const back = opener.current;
  opener.current = null;
  if (back?.isConnected) back.focus();
}

/**
 * A modal question ("Unassign Kim?") on the native <dialog>: the browser keeps the focus inside while it is open
 * and closes it with Escape. The focus starts on "Cancel" (the safe answer) and goes back to the control that
 * opened the dialog when it closes.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  danger = false,
  pending = false,
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { t, say } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
      cancel.current?.focus();
    } else if (!open && element.open) {
      element.close();
      restoreFocus(opener);
    }
  }, [open]);

  // Unmounted while open (the page changed under it): the focus still goes back if the opener is there.
  useEffect(() => () => restoreFocus(opener), []);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault(); // Escape: the parent decides (it closes unless a request is running)
        if (!pending) onCancel();
      }}
    >
      {open && (
        <>
          <h2 id={`${id}-title`} className="dialog-title">
            {title}
          </h2>
          <div id={`${id}-body`} className="dialog-body">
            {children}
          </div>
          {error && (
            <p role="alert" className="dialog-error">
              {say(error)}
            </p>
          )}
          <div className="dialog-actions">
            <button ref={cancel} type="button" className="button button--secondary" onClick={onCancel} disabled={pending}>
              {t('dialog.cancel')}
            </button>
            <button
              type="button"
              className={`button${danger ? ' button--danger' : ''}`}
              onClick={onConfirm}
              disabled={pending}
              aria-busy={pending || undefined}
            >
              {pending && pendingLabel ? pendingLabel : confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
