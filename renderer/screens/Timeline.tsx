// Every exchange, newest first, under a heading per day. TanStack Virtual keeps only the rows in
// view in the page, and pages of 100 are fetched as they scroll in, so a store of 100k exchanges
// scrolls like one of ten.
import { useLayoutEffect, useRef, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import type { Page } from '../../shared/memory.js';
import { useApi, useChannel } from '../api/queries.js';
import { PageCard } from '../components/PageCard.js';
import { Loaded, dayOf } from '../components/State.js';
import { useNavigation } from '../navigation.js';

const CHUNK = 100;

function useOffsetTop(ref: React.RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (el) setTop(el.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const r = new ResizeObserver(measure);
    r.observe(document.body);
    return () => r.disconnect();
  }, [ref]);
  return top;
}

function Rows({ user, total }: { user: string; total: number }) {
  const api = useApi();
  const list = useRef<HTMLOListElement>(null);
  const top = useOffsetTop(list);
  const v = useWindowVirtualizer({ count: total, estimateSize: () => 150, overscan: 4, scrollMargin: top });
  const items = v.getVirtualItems();
  const chunks = [
    ...new Set(items.flatMap((i) => [Math.floor(i.index / CHUNK), Math.floor(Math.max(0, i.index - 1) / CHUNK)])),
  ];
  const loaded = useQueries({
    queries: chunks.map((c) => {
      const request = { user, offset: c * CHUNK, limit: CHUNK };
      return { queryKey: ['memory.pages', request], queryFn: () => api.invoke('memory.pages', request) };
    }),
  });
  const byChunk = new Map(chunks.map((c, i) => [c, loaded[i]?.data?.items]));
  const pageAt = (i: number): Page | undefined => byChunk.get(Math.floor(i / CHUNK))?.[i % CHUNK];
  return (
    <ol ref={list} className="timeline" style={{ height: v.getTotalSize() }} aria-label="Exchanges, newest first">
      {items.map((item) => {
        const page = pageAt(item.index);
        const before = item.index > 0 ? pageAt(item.index - 1) : undefined;
        const newDay = page && (!before || dayOf(before.timestamp) !== dayOf(page.timestamp));
        return (
          <li
            key={item.key}
            data-index={item.index}
            ref={v.measureElement}
            aria-posinset={item.index + 1}
            aria-setsize={total}
            style={{ transform: `translateY(${item.start - v.options.scrollMargin}px)` }}
          >
            {newDay && <h3 className="day">{dayOf(page.timestamp)}</h3>}
            {page ? (
              <PageCard user={user} page={page} showDate={false} />
            ) : (
              <p className="page muted" aria-busy="true">
                Loading…
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function Timeline({ user }: { user: string }) {
  const first = useChannel('memory.pages', { user, offset: 0, limit: CHUNK });
  const { go } = useNavigation();
  return (
    <Loaded
      query={first}
      isEmpty={(r) => r.total === 0}
      empty={
        <>
          <p>Nothing remembered yet.</p>
          <p>
            Memories appear here when a connected assistant saves what you talked about.{' '}
            <button type="button" className="link" onClick={() => go('connect')}>
              Connect an assistant
            </button>
            , then tell it something worth remembering, or import a file above.
          </p>
        </>
      }
    >
      {(r) => <Rows user={user} total={r.total} />}
    </Loaded>
  );
}
