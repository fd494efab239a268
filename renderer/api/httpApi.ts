// The dashboard contract over HTTP (headless server): POST /admin/api/<channel> with the admin key
// typed at login. The key lives in this object only: never in a URL, a cookie or storage.
import {
  apiErrorSchema,
  type Channel,
  type DashboardApi,
  type RequestOf,
  type ResponseOf,
} from '../../shared/dashboard.js';

/** A refusal from the main process or the server: its code, its sentence, and each refused field's own. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = 'error',
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The refusal in a response body, whatever shape it came in. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) return new ApiError(status, parsed.data.message, parsed.data.error, parsed.data.fields);
  return new ApiError(status, `The request failed (HTTP ${status}).`);
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
      const body: unknown = await res.json().catch(() => ({}));
      if (!res.ok) throw apiErrorFrom(res.status, body);
      return body as ResponseOf<C>;
    },
  };
}
