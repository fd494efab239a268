// Loading a channel's data into a component, with loading and error states and optional polling.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, DashboardApi, RequestOf, ResponseOf } from '../../shared/dashboard.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useApi<C extends Channel>(api: DashboardApi, channel: C, request: RequestOf<C>, pollMs = 0): Loaded<ResponseOf<C>> {
  const [data, setData] = useState<ResponseOf<C>>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(request);
  const seq = useRef(0);
  const load = useCallback(() => {
    const mine = ++seq.current;
    api.invoke(channel, JSON.parse(key) as RequestOf<C>).then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: Error) => {
        if (mine !== seq.current) return;
        setError(e.message);
        setLoading(false);
      },
    );
  }, [api, channel, key]);
  useEffect(() => {
    setLoading(true);
    load();
    if (!pollMs) return;
    const t = setInterval(load, pollMs);
    return () => clearInterval(t);
  }, [load, pollMs]);
  return { data, error, loading, reload: load };
}
