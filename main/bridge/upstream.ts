// The bridge's HTTP side: one Streamable HTTP session with the running MemoryOS server, opened with
// the client's own initialize (so the server's Sessions screen names the real client) and opened
// again, with that same initialize, when the server forgets the session (404 after a restart).
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { UpstreamRefusal } from './failures.js';

export interface UpstreamOptions {
  url: URL;
  /** Sent as X-API-Key; empty sends none (for a server with authentication off). */
  key: string;
  /** Every message from the server that is not the bridge's own: responses, notifications, requests. */
  onMessage: (message: JSONRPCMessage) => void;
  log: (message: string) => void;
}

type Id = string | number;
const isResponse = (m: JSONRPCMessage): m is JSONRPCMessage & { id: Id } =>
  'id' in m && !('method' in m) && ('result' in m || 'error' in m);

export class Upstream {
  private transport: StreamableHTTPClientTransport | null = null;
  /** The client's initialize, replayed to open a new session after the server restarted. */
  private clientInitialize: JSONRPCRequest | null = null;
  private reopening: Promise<StreamableHTTPClientTransport> | null = null;
  private initializing: Promise<void> = Promise.resolve();
  private readonly own = new Map<Id, (m: JSONRPCMessage) => void>();
  private seq = 0;

  constructor(private readonly opts: UpstreamOptions) {}

  /** The client's initialize: always a fresh session; the response reaches the client through onMessage. */
  initialize(request: JSONRPCRequest): Promise<void> {
    this.clientInitialize = request;
    // Messages the client sends right after (notifications/initialized) wait for this session, or
    // they would find no session yet and open a second one.
    const opening = (async () => {
      await this.drop(true);
      const transport = this.open();
      await transport.send(request);
    })();
    this.initializing = opening.catch(() => undefined);
    return opening;
  }

  /** Any other message. A request to a forgotten session re-initializes once and is sent again. */
  async send(message: JSONRPCMessage): Promise<void> {
    await this.initializing;
    let transport = this.transport ?? (this.clientInitialize ? await this.reopen(null) : this.open());
    try {
      await transport.send(message);
    } catch (err) {
      if (!(err instanceof UpstreamRefusal && err.status === 404 && this.clientInitialize)) throw err;
      this.opts.log('the server no longer knows this session (restarted?); opening a new one');
      transport = await this.reopen(transport);
      await transport.send(message);
    }
  }

  async close(): Promise<void> {
    await this.drop(true);
  }

  private open(): StreamableHTTPClientTransport {
    const transport = new StreamableHTTPClientTransport(this.opts.url, {
      fetch: this.fetch,
      requestInit: this.opts.key ? { headers: { 'X-API-Key': this.opts.key } } : {},
    });
    transport.onmessage = (m) => this.route(transport, m);
    // Send failures are answered to the client by the caller; the rest (the server's event stream
    // ending when it stops) only goes to the log.
    transport.onerror = (err) => this.opts.log(`connection: ${err.message}`);
    this.transport = transport;
    return transport;
  }

  private route(transport: StreamableHTTPClientTransport, m: JSONRPCMessage): void {
    if (isResponse(m)) {
      const mine = this.own.get(m.id);
      if (mine) {
        this.own.delete(m.id);
        return mine(m);
      }
      if (this.clientInitialize && m.id === this.clientInitialize.id && 'result' in m)
        transport.setProtocolVersion(String((m.result as { protocolVersion?: unknown }).protocolVersion));
    }
    this.opts.onMessage(m);
  }

  /** One re-initialization at a time; callers that failed on an older session just use the new one. */
  private reopen(failed: StreamableHTTPClientTransport | null): Promise<StreamableHTTPClientTransport> {
    if (this.transport && this.transport !== failed && !this.reopening) return Promise.resolve(this.transport);
    this.reopening ??= this.replayInitialize().finally(() => (this.reopening = null));
    return this.reopening;
  }

  private async replayInitialize(): Promise<StreamableHTTPClientTransport> {
    await this.drop(false);
    const transport = this.open();
    const id = `memoryos-bridge-${++this.seq}`;
    const reply = new Promise<JSONRPCMessage>((resolve) => this.own.set(id, resolve));
    try {
      await transport.send({ ...this.clientInitialize!, id });
    } catch (err) {
      this.own.delete(id);
      throw err;
    }
    const answer = (await reply) as { result?: { protocolVersion?: unknown }; error?: { message: string } };
    if (!answer.result) throw new Error(`the server refused to re-initialize: ${answer.error?.message}`);
    transport.setProtocolVersion(String(answer.result.protocolVersion));
    await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return transport;
  }

  /** Forgets the session; `terminate` also ends it on the server (DELETE), when the server is there. */
  private async drop(terminate: boolean): Promise<void> {
    const t = this.transport;
    this.transport = null;
    if (!t) return;
    if (terminate) await t.terminateSession().catch(() => undefined);
    await t.close().catch(() => undefined);
  }

  /**
   * Every POST asks for a JSON reply (the server honours it per session), so a request either gets
   * its whole answer or fails here and is answered with an error: never a stream cut mid-way that
   * leaves the client waiting. A refused POST becomes an UpstreamRefusal with the server's body.
   */
  private readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const post = init?.method === 'POST';
    if (init && post) {
      const headers = new Headers(init.headers);
      headers.set('accept', 'application/json');
      init = { ...init, headers };
    }
    const res = await fetch(input, init);
    if (post && !res.ok) throw new UpstreamRefusal(res.status, await res.text().catch(() => ''));
    return res;
  };
}
