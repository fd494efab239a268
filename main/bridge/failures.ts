// Why a request could not reach MemoryOS, as the JSON-RPC error the client shows its person. Every
// failure of the HTTP side ends here, so a client never waits on a request the bridge cannot deliver.

/** MemoryOS answered a POST with an HTTP error; `body` is its JSON error ({error, message}) when it has one. */
export class UpstreamRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
    this.name = 'UpstreamRefusal';
  }

  /** The server's own code and sentence: /mcp refuses in JSON-RPC ({error: {message, data: {reason}}}). */
  detail(): { code: string | null; message: string | null } {
    try {
      const parsed = JSON.parse(this.body) as { error?: { message?: unknown; data?: { reason?: unknown } } };
      const reason = parsed.error?.data?.reason;
      const message = parsed.error?.message;
      return {
        code: typeof reason === 'string' ? reason : null,
        message: typeof message === 'string' ? message : null,
      };
    } catch {
      return { code: null, message: null };
    }
  }
}

/** JSON-RPC's "server error" range; the SDK's own ConnectionClosed code, as the nearest meaning. */
export const BRIDGE_ERROR_CODE = -32000;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

function networkCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return err instanceof TypeError && /fetch failed/i.test(err.message) ? 'fetch failed' : null;
}

export interface BridgeFailure {
  code: number;
  message: string;
  data: { reason: string; url: string; status?: number };
}

export function describeFailure(err: unknown, url: string): BridgeFailure {
  const net = networkCode(err);
  if (net)
    return {
      code: BRIDGE_ERROR_CODE,
      message:
        `MemoryOS is not running at ${url} (${net}). Start the MemoryOS app (or \`memoryos serve\`), ` +
        'then try again; this bridge reconnects by itself.',
      data: { reason: 'not_running', url },
    };
  if (err instanceof UpstreamRefusal) {
    const { code, message } = err.detail();
    const said = message ? `: ${message}` : '';
    const base = { reason: code ?? `http_${err.status}`, url, status: err.status };
    if (err.status === 401)
      return {
        code: BRIDGE_ERROR_CODE,
        message:
          code === 'missing_api_key'
            ? `MemoryOS needs an API key and MEMORYOS_KEY is empty. Create a key in MemoryOS (API keys) and put it in ` +
              `this client's configuration.`
            : `MemoryOS refused the API key in MEMORYOS_KEY${said}. Create a new key in MemoryOS (API keys) and put ` +
              `it in this client's configuration.`,
        data: base,
      };
    if (err.status === 429)
      return { code: BRIDGE_ERROR_CODE, message: `MemoryOS's rate limit for this key was reached${said}`, data: base };
    return { code: BRIDGE_ERROR_CODE, message: `MemoryOS refused the request (HTTP ${err.status})${said}`, data: base };
  }
  return {
    code: BRIDGE_ERROR_CODE,
    message: `The MemoryOS bridge could not reach ${url}: ${(err as Error)?.message ?? String(err)}`,
    data: { reason: 'bridge_error', url },
  };
}
