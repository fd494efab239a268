import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { openTestService, tempDataDir } from '../memory/testing.js';
import { createMcpServer } from './mcpServer.js';

// Tools reach the memory of the identity the transport authenticated for that very request
// (extra.authInfo), here over the SDK's in-memory transport with a real store underneath.
test('a tool call reaches the store of the request’s own authenticated identity, and only that', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir);
  t.after(() => svc.close());
  const bound = 'alice';
  const server = createMcpServer((auth) => {
    if (auth?.clientId !== bound) throw new Error(`refused: ${auth?.clientId ?? 'nobody'}`);
    return svc.forUser(auth.clientId);
  });
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const replies = new Map<unknown, JSONRPCMessage>();
  client.onmessage = (m) => void ('id' in m && replies.set(m.id, m));
  await server.connect(serverSide);
  await client.start();
  const call = async (id: number, clientId: string) => {
    await client.send(
      {
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'add_memory', arguments: { user_input: `from ${clientId}`, agent_response: 'ok' } },
      },
      { authInfo: { token: '', clientId, scopes: ['memory'] } },
    );
    for (let i = 0; i < 100 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 10));
    return replies.get(id) as { result?: { isError?: boolean }; error?: { message: string } };
  };
  assert.equal((await call(1, 'alice')).result?.isError, undefined, 'alice writes to alice');
  const other = await call(2, 'bob');
  assert.ok(other.error || other.result?.isError, 'a request authenticated as bob is refused');
  assert.equal((await svc.forUser('alice').counts()).short_term, 1);
  assert.deepEqual(await svc.listUsers(), ['alice'], 'no store was opened for bob');
  await server.close();
});
