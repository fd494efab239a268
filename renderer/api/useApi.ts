// Loading a channel's data into a component, with loading and error states and optional polling.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, DashboardApi, RequestOf, ResponseOf } from '../../shared/dashboard.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

interface Result<T> {
  /** The request these figures answer; loading while it differs from the current one. */
  key: string;
  data: T | undefined;
  error: string | null;
}

export function useApi<C extends Channel>(
  api: DashboardApi,
  channel: C,
  request: RequestOf<C>,
  pollMs = 0,
): Loaded<ResponseOf<C>> {
  const key = JSON.stringify(request);
  const [result, setResult] = useState<Result<ResponseOf<C>>>({ key: '', data: undefined, error: null });
  const seq = useRef(0);
  const load = useCallback(() => {
    const mine = ++seq.current;
    api.invoke(channel, JSON.parse(key) as RequestOf<C>).then(
      (data) => {
        if (mine === seq.current) setResult({ key, data, error: null });
      },
      (e: Error) => {
        if (mine === seq.current) setResult((r) => ({ key, data: r.data, error: e.message }));
      },
    );
  }, [api, channel, key]);
  useEffect(() => {
    const first = setTimeout(load, 0);
    const every = pollMs ? setInterval(load, pollMs) : undefined;
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [load, pollMs]);
  return { data: result.data, error: result.error, loading: result.key !== key, reload: load };
}
