// In-page dialogs (Electron has no window.prompt or confirm): Ariakit's Dialog, which is modal, keeps
// focus inside, closes on Escape, returns focus to what opened it and hides the rest of the page
// from assistive technology, without injecting inline styles that the dashboard's CSP would refuse.
import { Dialog, DialogDescription, DialogDismiss, DialogHeading } from '@ariakit/react';
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { errorText } from '../api/queries.js';
import { sentence } from './State.js';

interface Shell {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}

const TABBABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/**
 * Ariakit makes everything outside a modal dialog inert, so Tab past its last control leaves the page
 * for the browser's own bar. Tab and Shift+Tab wrap around inside the dialog instead.
 */
function wrapTab(e: KeyboardEvent<HTMLDivElement>): void {
  if (e.key !== 'Tab') return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => el.tabIndex >= 0);
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  } else if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  }
}

function Frame({ open, onClose, title, children, role }: Shell & { role: 'dialog' | 'alertdialog' }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      role={role}
      className="dialog"
      backdrop={<div className="backdrop" />}
      onKeyDown={wrapTab}
    >
      <DialogHeading className="dialog-title">{title}</DialogHeading>
      {children}
    </Dialog>
  );
}

/** Something the person must know before going on, with nothing to confirm: only Close. */
export function NoticeDialog({ open, onClose, title, children }: Shell) {
  return (
    <Frame open={open} onClose={onClose} title={title} role="alertdialog">
      <DialogDescription render={<div className="dialog-body" />}>{children}</DialogDescription>
      <div className="dialog-actions">
        <DialogDismiss className="button">Close</DialogDismiss>
      </div>
    </Frame>
  );
}

/**
 * A destructive or far-reaching action asks once more. The action's promise decides what follows:
 * resolved, the dialog closes; refused, the server's sentence shows inside it and it stays open.
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  children,
  confirm,
  onConfirm,
}: Shell & { confirm: string; onConfirm: () => Promise<unknown> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <Frame open={open} onClose={close} title={title} role="alertdialog">
      <DialogDescription render={<div className="dialog-body" />}>{children}</DialogDescription>
      {error && (
        <p role="alert" className="notice error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <DialogDismiss className="button">Cancel</DialogDismiss>
        <button
          type="button"
          className="danger solid"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            onConfirm().then(
              () => {
                setBusy(false);
                close();
              },
              (err: unknown) => {
                setBusy(false);
                setError(sentence(errorText(err)));
              },
            );
          }}
        >
          {busy ? 'Working…' : confirm}
        </button>
      </div>
    </Frame>
  );
}

/** A small form in a dialog (rename, edit, a limit). `onSubmit` resolves to close it. */
export function FormDialog({
  open,
  onClose,
  title,
  children,
  submit,
  onSubmit,
  error,
  busy,
}: Shell & { submit: string; onSubmit: (e: FormEvent) => void; error?: string | null; busy?: boolean }) {
  return (
    <Frame open={open} onClose={onClose} title={title} role="dialog">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(e);
        }}
      >
        <div className="dialog-body">{children}</div>
        {error && (
          <p role="alert" className="notice error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <DialogDismiss className="button">Cancel</DialogDismiss>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : submit}
          </button>
        </div>
      </form>
    </Frame>
  );
}
