// Fetching, caching and polling the dashboard's channels with TanStack Query: one cache shared by
// every screen, so switching screens shows what is known at once and refreshes behind it, polling
// stops while the window is hidden, and an action refreshes exactly what it changed.
import { createContext, useContext, type ReactNode } from 'react';
import {
  QueryClient,
  QueryClientProvider,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { Channel, DashboardApi, RequestOf, ResponseOf } from '../../shared/dashboard.js';
import { ApiError } from './httpApi.js';

const ApiContext = createContext<DashboardApi | null>(null);

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refusal (4xx) will not change by asking again; an unreachable server may come back.
        retry: (count, err) => count < 2 && (!(err instanceof ApiError) || err.status === 0 || err.status >= 500),
        staleTime: 2000,
      },
      mutations: { retry: false },
    },
  });
}

export function ApiProvider({
  api,
  client,
  children,
}: {
  api: DashboardApi;
  client: QueryClient;
  children: ReactNode;
}) {
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}

export function useApi(): DashboardApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

type QueryExtras<C extends Channel> = Omit<UseQueryOptions<ResponseOf<C>, ApiError>, 'queryKey' | 'queryFn'>;

/** A channel's answer, cached under [channel, request]; `refetchInterval` polls. */
export function useChannel<C extends Channel>(channel: C, request: RequestOf<C>, options: QueryExtras<C> = {}) {
  const api = useApi();
  return useQuery<ResponseOf<C>, ApiError>({
    queryKey: [channel, request],
    queryFn: () => api.invoke(channel, request),
    ...options,
  });
}

/**
 * An action on a channel. After the server confirmed it, the cached answers of the channels it may
 * have changed are refreshed: every channel starting with one of `refreshes` ("keys.", "memory.").
 */
export function useAction<C extends Channel>(channel: C, refreshes: string[] = []) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation<ResponseOf<C>, ApiError, RequestOf<C>>({
    mutationFn: (request) => api.invoke(channel, request),
    onSuccess: () =>
      client.invalidateQueries({
        predicate: (q) => refreshes.some((prefix) => String(q.queryKey[0]).startsWith(prefix)),
      }),
  });
}

/** The error as a sentence for a person, whatever was thrown. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
