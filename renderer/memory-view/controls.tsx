// The two ways a correction is made: an inline confirmation for what cannot be undone (a sandboxed
// view may not open dialogs, and window.confirm would block the host's page), and an inline editor.
import { useState } from 'react';

/** A correction in flight: the action runs once, its error (if any) shows under the item. */
export function useAction(): {
  busy: boolean;
  error: string | null;
  run: (action: () => Promise<void>) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    action().then(
      () => setBusy(false),
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  return { busy, error, run };
}

export function Confirm({
  question,
  confirmLabel,
  busyLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="confirm" role="alertdialog" aria-label={question}>
      <p>{question}</p>
      <div className="row">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy} autoFocus>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </div>
  );
}

export function Editor({
  label,
  initial,
  busy,
  onSave,
  onCancel,
}: {
  label: string;
  initial: string;
  busy: boolean;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const changed = text.trim() !== initial.trim() && text.trim() !== '';
  const save = () => {
    if (changed && !busy) onSave(text.trim());
  };
  // No <form>: a frame sandboxed without allow-forms (hosts differ) blocks its submission.
  return (
    <div className="editor">
      <textarea
        aria-label={label}
        value={text}
        rows={Math.min(6, Math.max(2, Math.ceil(text.length / 40)))}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) save();
        }}
        autoFocus
      />
      <div className="row">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={save} disabled={busy || !changed}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </div>
  );
}

export function IconButton({ label, icon, onClick }: { label: string; icon: 'trash' | 'pen'; onClick: () => void }) {
  return (
    <button type="button" className="icon" aria-label={label} title={label} onClick={onClick}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        {icon === 'trash' ? (
          <path d="M6 2h4l.5 1H13v1.5H3V3h2.5L6 2Zm-2 3.5h8l-.6 8a1 1 0 0 1-1 .9H5.6a1 1 0 0 1-1-.9l-.6-8Z" />
        ) : (
          <path d="M11.3 1.7a1 1 0 0 1 1.4 0l1.6 1.6a1 1 0 0 1 0 1.4L5.6 13.4 2 14l.6-3.6 8.7-8.7Z" />
        )}
      </svg>
    </button>
  );
}
