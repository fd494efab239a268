// The dashboard contract over HTTP (headless server): POST /admin/api/<channel> with the admin key
// typed at login. The key lives in this object only: never in a URL, a cookie or storage.
import type { Channel, DashboardApi, RequestOf, ResponseOf } from '../../shared/dashboard.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function httpApi(apiKey: string, base = '../admin/api'): DashboardApi {
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      let res: Response;
      try {
        res = await fetch(`${base}/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
          body: JSON.stringify(request),
        });
      } catch {
        throw new ApiError(0, 'The server cannot be reached. Is it running?');
      }
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      if (!res.ok) throw new ApiError(res.status, body.message ?? `request failed with HTTP ${res.status}`);
      return body as ResponseOf<C>;
    },
  };
}
