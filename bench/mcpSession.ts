// Opens an MCP session over raw HTTP for load generators (autocannon sends the session's requests).
export async function initSession(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
      id: 0,
    }),
  });
  await res.text();
  return res.headers.get('mcp-session-id')!;
}
