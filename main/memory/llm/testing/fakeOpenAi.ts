// A small, real OpenAI-compatible HTTP server for tests: /v1/chat/completions and /v1/embeddings on
// 127.0.0.1, answering from a script, with failures to inject and a log of what it was asked.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string };
}

export type Reply = { status: number; body?: unknown; retryAfter?: number; raw?: string } | { content: string };

export interface FakeOpenAi {
  baseUrl: string;
  requests: { path: string; body: ChatRequest & { input?: string[] } }[];
  /** Decides each chat answer; default: a content echo. */
  chat: (req: ChatRequest, n: number) => Reply;
  embeddingDims: number;
  /** Milliseconds to wait before answering an embedding request (a slow model server). */
  embeddingDelayMs: number;
  /** Status of the embedding answers; anything but 200 answers with an error body (a model server refusing). */
  embeddingStatus: number;
  /** Milliseconds to wait before answering a chat request (to provoke client timeouts). */
  delayMs: number;
  close: () => Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s));
  });

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = {
    baseUrl: '',
    requests: [],
    chat: () => ({ content: 'ok' }),
    embeddingDims: 8,
    embeddingStatus: 200,
    embeddingDelayMs: 0,
    delayMs: 0,
    close: async () => {},
  };
  let chats = 0;
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await read(req)) || '{}');
    fake.requests.push({ path: req.url ?? '', body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    if (req.url?.endsWith('/embeddings')) {
      if (fake.embeddingDelayMs > 0) await new Promise((r) => setTimeout(r, fake.embeddingDelayMs));
      if (fake.embeddingStatus !== 200)
        return send(fake.embeddingStatus, { error: { message: 'the model is not loaded (injected failure)' } });
      const input: string[] = Array.isArray(body.input) ? body.input : [body.input];
      return send(200, {
        object: 'list',
        model: body.model,
        data: input.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: Array.from({ length: fake.embeddingDims }, (_, i) => ((text.length + i) % 7) + 1),
        })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
    if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (res.destroyed) return;
    const reply = fake.chat(body, ++chats);
    if ('content' in reply)
      return send(200, {
        id: `chat-${chats}`,
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content } }],
      });
    if (reply.raw !== undefined) return send(reply.status, reply.raw);
    send(
      reply.status,
      reply.body ?? { error: { message: 'injected failure' } },
      reply.retryAfter !== undefined ? { 'Retry-After': String(reply.retryAfter) } : {},
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return fake;
}
