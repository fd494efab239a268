// The dashboard contract over Electron IPC, through the one function the preload exposes.
import type { Channel, DashboardApi, RequestOf, ResponseOf } from '../../shared/dashboard.js';
import { apiErrorFrom } from './httpApi.js';

interface Bridge {
  invoke(
    channel: string,
    request: unknown,
  ): Promise<
    { ok: true; value: unknown } | { ok: false; error: string; message: string; fields?: Record<string, string> }
  >;
}

declare global {
  interface Window {
    memoryos?: Bridge;
  }
}

export function ipcApi(): DashboardApi | null {
  const bridge = window.memoryos;
  if (!bridge) return null;
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const r = await bridge.invoke(channel, request);
      if (!r.ok) throw apiErrorFrom(r.error === 'invalid_input' ? 400 : 500, r);
      return r.value as ResponseOf<C>;
    },
  };
}
