// Loading, error and empty states, the same everywhere.
import type { ReactNode } from 'react';
import type { Loaded } from '../api/useApi.js';

export function Async<T>({
  state,
  empty,
  isEmpty,
  children,
}: {
  state: Loaded<T>;
  empty?: string;
  isEmpty?: (d: T) => boolean;
  children: (d: T) => ReactNode;
}) {
  if (state.error && state.data === undefined)
    return (
      <div role="alert" className="error">
        <p>{state.error}</p>
        <button onClick={state.reload}>Try again</button>
      </div>
    );
  if (state.data === undefined)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  if (isEmpty?.(state.data)) return <p className="empty">{empty ?? 'Nothing here yet.'}</p>;
  return (
    <>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      {children(state.data)}
    </>
  );
}

export function Notice({ kind, children }: { kind: 'ok' | 'error'; children: ReactNode }) {
  return (
    <p role={kind === 'error' ? 'alert' : 'status'} className={kind === 'error' ? 'error' : 'ok'}>
      {children}
    </p>
  );
}

export function Pager({
  offset,
  limit,
  total,
  onChange,
}: {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
}) {
  if (total <= limit) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span>
        {offset + 1}–{Math.min(total, offset + limit)} of {total}
      </span>
      <button disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

/** A destructive action asks once more before it runs. */
export function ConfirmButton({
  label,
  confirm,
  onConfirm,
}: {
  label: string;
  confirm: string;
  onConfirm: () => void;
}) {
  return (
    <button
      className="danger"
      onClick={() => {
        if (window.confirm(confirm)) onConfirm();
      }}
    >
      {label}
    </button>
  );
}

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');
