// The memory view (MCP Apps) as any MCP client sees it, over real HTTP with the official SDK client:
// the declared extension, the resource and its metadata, the tools' links to it, and the results the
// view renders — which stay exactly what clients without MCP Apps have always received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { MATCHES_META_KEY, MEMORY_VIEW_URI, matchesSchema } from '../shared/memoryView.js';
import { retrieveMemoryOutput, showMemoryOutput } from '../shared/tools.js';
import { ensureMemoryViewBuilt } from './fixtures/appHost.js';
import { ALICE_KEY, connectClient, startTestServer, type TestServer } from './fixtures/server.js';

const MIME = 'text/html;profile=mcp-app';
const NO_DOMAINS = { connectDomains: [], resourceDomains: [], frameDomains: [], baseUriDomains: [] };

async function aliceWithMemories(t: { after: (fn: () => unknown) => void }) {
  ensureMemoryViewBuilt();
  const s: TestServer = await startTestServer();
  t.after(s.stop);
  const alice = s.runtime.memory.forUser('alice');
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  await alice.add({
    user_input: 'We fixed the leaking kitchen tap',
    agent_response: 'Good.',
    timestamp: yesterday,
    memory_type: 'conversation',
    tags: [],
  });
  await alice.add({
    user_input: 'My favourite trail is the Rota do Sol',
    agent_response: 'Nice walk.',
    timestamp: '2025-02-01T10:00:00Z',
    memory_type: 'conversation',
    tags: ['hiking'],
  });
  await alice.importLines([
    { type: 'profile', profile: { version: 1, text: '- Hikes on weekends', source: 'import', created_at: yesterday } },
    {
      type: 'knowledge',
      knowledge: {
        id: 'k_trail',
        kind: 'user',
        text: 'Likes the Rota do Sol trail',
        source_page_ids: [],
        created_at: yesterday,
      },
    },
  ]);
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  t.after(() => client.close());
  return { s, client };
}

test('the server declares MCP Apps and serves the view as text/html;profile=mcp-app needing no domains', async (t) => {
  const { client } = await aliceWithMemories(t);
  const caps = client.getServerCapabilities() as { extensions?: Record<string, { mimeTypes?: string[] }> };
  assert.deepEqual(caps.extensions?.['io.modelcontextprotocol/ui'], { mimeTypes: [MIME] });
  assert.ok(client.getServerCapabilities()?.resources, 'resources capability');

  const { resources } = await client.listResources();
  assert.deepEqual(
    resources.map((r) => [r.uri, r.mimeType, r._meta]),
    [[MEMORY_VIEW_URI, MIME, { ui: { csp: NO_DOMAINS, prefersBorder: true } }]],
  );
  const [content] = (await client.readResource({ uri: MEMORY_VIEW_URI })).contents;
  assert.equal(content?.uri, MEMORY_VIEW_URI);
  assert.equal(content?.mimeType, MIME);
  assert.deepEqual(content?._meta, { ui: { csp: NO_DOMAINS, prefersBorder: true } });
  const html = (content as { text: string }).text;
  assert.match(html, /^<!doctype html>/i);
  assert.match(html, /<script type="module"[^>]*>[^<]/, 'the script is inlined');
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i, 'nothing is loaded from elsewhere');

  const unknown = await client.readResource({ uri: 'ui://memoryos/other' }).catch((e: unknown) => e);
  assert.ok(unknown instanceof McpError);
  assert.equal(unknown.code, -32002);
  assert.match(unknown.message, /unknown resource "ui:\/\/memoryos\/other"/);
});

test('retrieve_memory and show_memory link to the view; the tools only the view calls are hidden from the model', async (t) => {
  const { client } = await aliceWithMemories(t);
  const { tools } = await client.listTools();
  const meta = Object.fromEntries(tools.map((x) => [x.name, x._meta ?? null]));
  const opens = { ui: { resourceUri: MEMORY_VIEW_URI }, 'ui/resourceUri': MEMORY_VIEW_URI };
  assert.deepEqual(meta, {
    add_memory: null,
    retrieve_memory: opens,
    get_user_profile: null,
    delete_memory: null,
    show_memory: opens,
    update_knowledge: { ui: { visibility: ['app'] } },
    edit_profile_line: { ui: { visibility: ['app'] } },
  });
  const show = tools.find((x) => x.name === 'show_memory')!;
  assert.equal(show.annotations?.readOnlyHint, true);
  assert.equal(show.annotations?.destructiveHint, false);
});

test('a retrieve_memory result carries what the card renders, and its content is unchanged for other clients', async (t) => {
  const { client } = await aliceWithMemories(t);
  const res = await client.callTool({ name: 'retrieve_memory', arguments: { query: 'what did we fix yesterday?' } });
  const data = retrieveMemoryOutput.parse(res.structuredContent);
  assert.deepEqual(JSON.parse((res.content as { text: string }[])[0]!.text), res.structuredContent);
  assert.deepEqual(Object.keys(res).sort(), ['_meta', 'content', 'structuredContent']);
  const tap = data.retrieved_pages.find((p) => p.user_input.includes('tap'))!;
  assert.ok(tap, 'the page is retrieved');
  const matches = matchesSchema.parse(res._meta?.[MATCHES_META_KEY]);
  assert.deepEqual(matches[tap.memory_id], { words: ['fix'], in_time_named: true });
  assert.deepEqual(data.user_profile, '- Hikes on weekends');

  const trail = await client.callTool({ name: 'retrieve_memory', arguments: { query: 'which trail do I like?' } });
  const trailMatches = matchesSchema.parse(trail._meta?.[MATCHES_META_KEY]);
  assert.deepEqual(trailMatches.k_trail, { words: ['trail'], in_time_named: false });
});

test('show_memory lists the latest memories, the profile and knowledge of the key, whatever user_id says', async (t) => {
  const { client } = await aliceWithMemories(t);
  const res = await client.callTool({ name: 'show_memory', arguments: { limit: 1, user_id: 'bob' } });
  const data = showMemoryOutput.parse(res.structuredContent);
  assert.equal(data.user, 'alice');
  assert.equal(data.total_pages, 2);
  // The latest by when it happened (yesterday), not by when it was stored.
  assert.deepEqual(
    data.recent_pages.map((p) => p.user_input),
    ['We fixed the leaking kitchen tap'],
  );
  assert.equal(data.profile, '- Hikes on weekends');
  assert.deepEqual(
    data.user_knowledge.map((k) => k.text),
    ['Likes the Rota do Sol trail'],
  );
});

test('corrections from the view: a knowledge entry and a profile line, with clear refusals', async (t) => {
  const { client } = await aliceWithMemories(t);
  const edited = await client.callTool({
    name: 'update_knowledge',
    arguments: { knowledge_id: 'k_trail', text: 'Likes the Rota do Mar trail' },
  });
  assert.equal(
    (edited.structuredContent as { knowledge: { text: string } }).knowledge.text,
    'Likes the Rota do Mar trail',
  );
  const line = await client.callTool({
    name: 'edit_profile_line',
    arguments: { old_line: 'Hikes on weekends', new_line: 'Hikes on Sundays' },
  });
  assert.equal((line.structuredContent as { profile: string }).profile, '- Hikes on Sundays');

  const stale = await client.callTool({
    name: 'edit_profile_line',
    arguments: { old_line: 'Hikes on weekends', new_line: 'x' },
  });
  assert.equal(stale.isError, true);
  assert.match(JSON.stringify(stale.content), /has no line \\"Hikes on weekends\\"; it may have changed/);
  const missing = await client.callTool({ name: 'update_knowledge', arguments: { knowledge_id: 'k_nope', text: 'x' } });
  assert.equal(missing.isError, true);
  assert.match(JSON.stringify(missing.content), /no knowledge entry with id/);
  const empty = await client
    .callTool({ name: 'update_knowledge', arguments: { knowledge_id: 'k_trail', text: '  ' } })
    .catch((e: unknown) => e);
  assert.ok(empty instanceof McpError);
  assert.match(empty.message, /invalid arguments for update_knowledge: text: This cannot be empty\./);
  const profile = await client.callTool({ name: 'get_user_profile', arguments: {} });
  assert.equal((profile.structuredContent as { profile: string }).profile, '- Hikes on Sundays');
});
