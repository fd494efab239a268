// The exact configuration each MCP client needs to reach this server with a key. Pure: used by the
// `connect` CLI, the dashboard's Connect screen and the installer that writes client config files.

export const CLIENTS = ['claude-desktop', 'cursor', 'vscode', 'claude-code', 'curl', 'python'] as const;
export type ClientId = (typeof CLIENTS)[number];

/** How Claude Desktop starts MemoryOS's stdio bridge on this machine (see main/clients/bridgeLauncher.ts). */
export interface BridgeLauncher {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface ConnectionTarget {
  /** e.g. http://127.0.0.1:3000/mcp */
  mcpUrl: string;
  key: string;
  /** The entry's name inside the client's config. */
  serverName?: string;
  /** The bundled bridge, for a server on this machine; without it Claude Desktop goes through mcp-remote. */
  bridge?: BridgeLauncher;
}

export interface ClientConfig {
  client: ClientId;
  title: string;
  /** What to paste, or run. */
  snippet: string;
  /** For clients whose config file we can merge into: the entry under `mcpServers`. */
  entry?: Record<string, unknown>;
  note: string;
}

const NAME = 'memoryos';

/**
 * Claude Desktop's config takes stdio servers only. On the machine MemoryOS runs on, the entry starts
 * MemoryOS's own bridge (the app's executable run as Node, or node for a headless install): nothing
 * to install, nothing fetched. A server elsewhere is reached through mcp-remote, which needs Node and
 * npx on the client's machine; its header argument has no space ("X-API-Key:${MEMORYOS_KEY}") since
 * arguments with spaces are split wrongly by npx on Windows. The key travels in `env` either way.
 */
function claudeDesktopEntry(t: ConnectionTarget): Record<string, unknown> {
  if (t.bridge)
    return {
      command: t.bridge.command,
      args: t.bridge.args,
      env: { ...t.bridge.env, MEMORYOS_URL: t.mcpUrl, MEMORYOS_KEY: t.key },
    };
  return {
    command: 'npx',
    args: ['-y', 'mcp-remote', t.mcpUrl, '--header', 'X-API-Key:${MEMORYOS_KEY}'],
    env: { MEMORYOS_KEY: t.key },
  };
}

function cursorEntry(t: ConnectionTarget): Record<string, unknown> {
  return { url: t.mcpUrl, headers: { 'X-API-Key': t.key } };
}

function vscodeEntry(t: ConnectionTarget): Record<string, unknown> {
  return { type: 'http', url: t.mcpUrl, headers: { 'X-API-Key': t.key } };
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

export function clientConfig(client: ClientId, t: ConnectionTarget): ClientConfig {
  const name = t.serverName ?? NAME;
  switch (client) {
    case 'claude-desktop':
      return {
        client,
        title: 'Claude Desktop',
        entry: claudeDesktopEntry(t),
        snippet: json({ mcpServers: { [name]: claudeDesktopEntry(t) } }),
        note: t.bridge
          ? 'Add to claude_desktop_config.json (Settings → Developer → Edit Config), then restart Claude Desktop. It runs MemoryOS’s own bridge: nothing else to install.'
          : 'Add to claude_desktop_config.json (Settings → Developer → Edit Config), then restart Claude Desktop. For a server on another machine: needs Node.js on this one (npx runs mcp-remote).',
      };
    case 'cursor':
      return {
        client,
        title: 'Cursor',
        entry: cursorEntry(t),
        snippet: json({ mcpServers: { [name]: cursorEntry(t) } }),
        note: 'Add to ~/.cursor/mcp.json (or .cursor/mcp.json in a project).',
      };
    case 'vscode':
      return {
        client,
        title: 'VS Code',
        entry: vscodeEntry(t),
        snippet: json({ servers: { [name]: vscodeEntry(t) } }),
        note: 'Add to .vscode/mcp.json, or run "MCP: Add Server" and choose HTTP.',
      };
    case 'claude-code':
      return {
        client,
        title: 'Claude Code',
        snippet: `claude mcp add --transport http ${name} ${t.mcpUrl} --header "X-API-Key: ${t.key}"`,
        note: 'Run in a terminal; add --scope user to use it in every project.',
      };
    case 'curl':
      return {
        client,
        title: 'curl',
        snippet: `curl -X POST ${t.mcpUrl} \\\n  -H "X-API-Key: ${t.key}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"jsonrpc":"2.0","method":"tools/call","params":{"name":"retrieve_memory","arguments":{"query":"what do you know about me?"}},"id":1}'`,
        note: 'Plain JSON-RPC without a session is answered statelessly in JSON.',
      };
    case 'python':
      return {
        client,
        title: 'Python (httpx)',
        snippet: [
          'import httpx',
          '',
          `URL = "${t.mcpUrl}"`,
          `HEADERS = {"X-API-Key": "${t.key}", "Content-Type": "application/json"}`,
          '',
          'def call(tool, **arguments):',
          '    body = {"jsonrpc": "2.0", "method": "tools/call", "params": {"name": tool, "arguments": arguments}, "id": 1}',
          '    return httpx.post(URL, headers=HEADERS, json=body).json()["result"]["structuredContent"]',
          '',
          'call("add_memory", user_input="I prefer tea", agent_response="Noted.")',
          'print(call("retrieve_memory", query="drinks"))',
        ].join('\n'),
        note: "Needs httpx (pip install httpx, or Debian's python3-httpx). The deployment guide's client works unchanged too.",
      };
  }
}
