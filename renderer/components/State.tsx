// Loading, error, empty and result states, the same on every screen, each said in a sentence.
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorText } from '../api/queries.js';

/** "the key is not valid" -> "The key is not valid." */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…)]$/.test(first) ? first : `${first}.`;
}

/** A query's data, or its loading and error states; `empty` shows when `isEmpty` says so. */
export function Loaded<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.data === undefined) {
    if (query.isError)
      return (
        <div role="alert" className="notice error">
          <p>{sentence(errorText(query.error))}</p>
          <button type="button" onClick={() => void query.refetch()}>
            Try again
          </button>
        </div>
      );
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  }
  return (
    <>
      {query.isError && (
        <p role="alert" className="notice error">
          {sentence(errorText(query.error))} Showing what was last loaded.
        </p>
      )}
      {isEmpty?.(query.data) ? <div className="empty">{empty}</div> : children(query.data)}
    </>
  );
}

/** A result that stays visible until the next action replaces it: success only once the server said so. */
export function Notice({ kind, children, id }: { kind: 'ok' | 'error'; children: ReactNode; id?: string }) {
  return (
    <p id={id} role={kind === 'error' ? 'alert' : 'status'} className={`notice ${kind}`}>
      {children}
    </p>
  );
}

export function Pager({
  offset,
  limit,
  total,
  onChange,
  label,
}: {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
  label: string;
}) {
  if (total <= limit) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span>
        {offset + 1}–{Math.min(total, offset + limit)} of {total}
      </span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export const when = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : 'never');
export const dayOf = (iso: string) => dayFormat.format(new Date(iso));
export const timeOf = (iso: string) => timeFormat.format(new Date(iso));

/** "3 minutes ago", "in 2 days": for last-used and last-activity columns. */
export function ago(iso: string | null): string {
  if (!iso) return 'never';
  const s = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const abs = Math.abs(s);
  if (abs < 60) return rtf.format(s, 'second');
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86400), 'day');
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
