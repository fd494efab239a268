// Clients nobody here wrote, against a real `serve` process: the official MCP Inspector CLI,
// mcp-remote as Claude Desktop runs it for a remote server, and the deployment guide's Python client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { clientConfig } from '../shared/clientConfig.js';
import { tempDataDir } from '../main/memory/testing.js';
import { ROOT, childEnv, startServe, type ServeProcess } from './fixtures/serveProcess.js';

const run = promisify(execFile);
const KEY = 'interop-key-0123456789abcdef';

async function serve(t: { after: (fn: () => unknown) => void }): Promise<ServeProcess> {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEY: KEY, RATE_LIMIT_REQUESTS: '10000' });
  t.after(() => s.stop());
  return s;
}

test('the MCP Inspector CLI lists the tools and calls add_memory and retrieve_memory with a key header', async (t) => {
  const s = await serve(t);
  const cli = join(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector', 'cli', 'build', 'cli.js');
  const inspect = async (...args: string[]) => {
    const { stdout } = await run(
      process.execPath,
      [cli, '--cli', `${s.url}/mcp`, '--transport', 'http', '--header', `X-API-Key: ${KEY}`, ...args],
      { timeout: 60_000 },
    );
    return JSON.parse(stdout) as Record<string, unknown>;
  };
  const listed = (await inspect('--method', 'tools/list')) as { tools: { name: string }[] };
  assert.deepEqual(listed.tools.map((x) => x.name).sort(), [
    'add_memory',
    'delete_memory',
    'edit_profile_line',
    'get_user_profile',
    'retrieve_memory',
    'show_memory',
    'update_knowledge',
  ]);
  const added = (await inspect(
    '--method',
    'tools/call',
    '--tool-name',
    'add_memory',
    '--tool-arg',
    'user_input=The inspector remembers the blue kayak',
    'agent_response=ok',
  )) as { structuredContent: { status: string } };
  assert.equal(added.structuredContent.status, 'success');
  const found = (await inspect(
    '--method',
    'tools/call',
    '--tool-name',
    'retrieve_memory',
    '--tool-arg',
    'query=kayak',
  )) as { structuredContent: { retrieved_pages: { user_input: string }[] } };
  assert.match(found.structuredContent.retrieved_pages[0]!.user_input, /blue kayak/);
});

test('mcp-remote, spawned with the Claude Desktop arguments generated for a server elsewhere, bridges stdio to it', async (t) => {
  const s = await serve(t);
  const home = tempDataDir('memoryos-mcp-remote-home-');
  t.after(home.remove);
  // Without a local bridge (the server is on another machine) the entry runs mcp-remote.
  const entry = clientConfig('claude-desktop', { mcpUrl: `${s.url}/mcp`, key: KEY }).entry as {
    args: string[];
    env: Record<string, string>;
  };
  // `npx -y mcp-remote ARGS`: the same package, from node_modules instead of the registry.
  const bridgeArgs = entry.args.slice(entry.args.indexOf('mcp-remote') + 1);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ROOT, 'node_modules', 'mcp-remote', 'dist', 'proxy.js'), ...bridgeArgs, '--transport', 'http-only'],
    env: childEnv({ ...entry.env, HOME: home.dir, USERPROFILE: home.dir }) as Record<string, string>,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'claude-desktop-like', version: '1' });
  await client.connect(transport);
  t.after(() => client.close());
  const tools = await client.listTools();
  assert.equal(tools.tools.length, 7);
  await client.callTool({
    name: 'add_memory',
    arguments: { user_input: 'Bridged memory about the red tram', agent_response: 'ok' },
  });
  const r = await client.callTool({ name: 'retrieve_memory', arguments: { query: 'red tram' } });
  assert.match(JSON.stringify(r.structuredContent), /red tram/);
});

const PYTHON = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import httpx'], { stdio: 'ignore' }).status === 0,
);

test(
  "the deployment guide's Python httpx client works unchanged",
  { skip: PYTHON ? false : 'no python3 with httpx: apt-get install -y python3-httpx' },
  async (t) => {
    const s = await serve(t);
    const dir = tempDataDir('memoryos-py-');
    t.after(dir.remove);
    const script = join(dir.dir, 'client.py');
    writeFileSync(
      script,
      `import asyncio, httpx, json, sys

class MemoryOSClient:
    def __init__(self, base_url: str, api_key: str):
        self.base_url = base_url
        self.headers = {
            "X-API-Key": api_key,
            "Content-Type": "application/json"
        }

    async def add_memory(self, user_input: str, agent_response: str):
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"{self.base_url}/mcp",
                headers=self.headers,
                json={
                    "jsonrpc": "2.0",
                    "method": "tools/call",
                    "params": {
                        "name": "add_memory",
                        "arguments": {
                            "user_input": user_input,
                            "agent_response": agent_response
                        }
                    },
                    "id": 1
                }
            )
            return response.json()

async def main():
    client = MemoryOSClient(sys.argv[1], sys.argv[2])
    result = await client.add_memory("Hello", "Hi there!")
    print(json.dumps(result))

asyncio.run(main())
`,
    );
    const { stdout } = await run(PYTHON!, [script, s.url, KEY], { timeout: 60_000 });
    const result = JSON.parse(stdout) as { result: { structuredContent: { status: string; memory_id: string } } };
    assert.equal(result.result.structuredContent.status, 'success');
    assert.match(result.result.structuredContent.memory_id, /^mem_/);
  },
);
