// One MCP server per session, bound to one user's memory. Built on the SDK's low-level Server so
// that invalid arguments are JSON-RPC errors (-32602, with zod's message) and an unknown tool is an
// error naming it, while failures of a valid call are tool results with isError, as the spec says.
// It also serves the memory view (MCP Apps extension) as its one resource.
import { RESOURCE_URI_META_KEY } from '@modelcontextprotocol/ext-apps/server';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { loneSurrogateAt, refusalOf } from '../../shared/validation.js';
import { AppError } from '../errors.js';
import type { UserMemory } from '../memory/types.js';
import { VERSION } from '../version.js';
import { TOOLS } from './definitions.js';
import { MEMORY_VIEW_RESOURCE, readMemoryView, UI_EXTENSION } from './memoryView.js';

/**
 * A JSON-RPC error whose message is only the sentence. (The SDK's McpError prefixes "MCP error
 * -32602:" to its message, and clients prefix it again when they rethrow, so people read it twice.)
 */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ToolObserver {
  (tool: string, ms: number, ok: boolean, error?: unknown): void;
}

/** The MCP spec's code for an unknown resource URI (the SDK's ErrorCode has no name for it). */
const RESOURCE_NOT_FOUND = -32002;
const SERVER_INFO = { name: 'memoryos', title: 'MemoryOS', version: VERSION };
const INSTRUCTIONS =
  "MemoryOS is the user's private long-term memory, shared by all their AI clients. Call retrieve_memory at the start of a task to recall what is known; call add_memory after exchanges worth remembering.";

const listed = TOOLS.map((t) => ({
  name: t.name,
  title: t.title,
  description: t.description,
  inputSchema: z.toJSONSchema(t.input, { io: 'input' }) as { type: 'object'; [k: string]: unknown },
  outputSchema: z.toJSONSchema(t.output, { io: 'output' }) as { type: 'object'; [k: string]: unknown },
  annotations: {
    readOnlyHint: t.readOnly,
    destructiveHint: t.destructive,
    idempotentHint: t.readOnly,
    openWorldHint: false,
  },
  // The legacy flat key beside `ui`, as the extension's registerAppTool does, for hosts that predate `ui`.
  ...(t.ui && {
    _meta: { ui: t.ui, ...(t.ui.resourceUri && { [RESOURCE_URI_META_KEY]: t.ui.resourceUri }) },
  }),
}));

/**
 * Whose memory a call reaches, from the identity the transport authenticated for this very request
 * (the SDK hands it to handlers as `extra.authInfo`; stdio has none: the local user).
 */
export type MemoryFor = (auth: AuthInfo | undefined) => UserMemory;

export function createMcpServer(memory: MemoryFor, observe: ToolObserver = () => {}): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false }, resources: {}, extensions: UI_EXTENSION },
    instructions: INSTRUCTIONS,
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [MEMORY_VIEW_RESOURCE] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: [] }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    if (req.params.uri !== MEMORY_VIEW_RESOURCE.uri)
      throw new RpcError(
        RESOURCE_NOT_FOUND,
        `unknown resource "${req.params.uri.slice(0, 200)}"; available: ${MEMORY_VIEW_RESOURCE.uri}`,
      );
    try {
      return await readMemoryView();
    } catch (err) {
      throw new RpcError(ErrorCode.InternalError, (err as Error).message);
    }
  });
  server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
    const tool = TOOLS.find((t) => t.name === req.params.name);
    if (!tool)
      throw new RpcError(
        ErrorCode.InvalidParams,
        `unknown tool "${req.params.name}"; available: ${TOOLS.map((t) => t.name).join(', ')}`,
      );
    const unpaired = loneSurrogateAt(req.params.arguments);
    if (unpaired)
      throw new RpcError(
        ErrorCode.InvalidParams,
        `invalid arguments for ${tool.name}: ${unpaired} contains an unpaired UTF-16 surrogate, which is not text ` +
          'and cannot be stored as sent; nothing was changed',
      );
    const parsed = tool.input.safeParse(req.params.arguments ?? {});
    if (!parsed.success)
      throw new RpcError(
        ErrorCode.InvalidParams,
        `invalid arguments for ${tool.name}: ${refusalOf(parsed.error).message}`,
      );
    const started = performance.now();
    try {
      const result = await tool.run(memory(extra.authInfo), parsed.data);
      observe(tool.name, performance.now() - started, true);
      return {
        content: [{ type: 'text', text: JSON.stringify(result) }],
        structuredContent: result as Record<string, unknown>,
        ...(tool.resultMeta && { _meta: tool.resultMeta(result) }),
      };
    } catch (err) {
      observe(tool.name, performance.now() - started, false, err);
      if (err instanceof AppError) {
        if (err.code === 'invalid_input')
          throw new RpcError(ErrorCode.InvalidParams, `invalid arguments for ${tool.name}: ${err.message}`);
        return { isError: true, content: [{ type: 'text', text: `${tool.name} failed: ${err.message}` }] };
      }
      throw new RpcError(
        ErrorCode.InternalError,
        `${tool.name} failed unexpectedly; nothing was changed. See the server log.`,
      );
    }
  });
  return server;
}
