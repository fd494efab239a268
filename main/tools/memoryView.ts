// The memory view as an MCP resource (MCP Apps extension, spec 2026-01-26): one self-contained
// HTML file built by vite (renderer/memory-view -> dist/memory-view/index.html), served as
// text/html;profile=mcp-app. It loads nothing from the network, so its CSP lists no domains.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EXTENSION_ID, RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { MEMORY_VIEW_URI } from '../../shared/memoryView.js';
import { NotFoundError } from '../errors.js';

/** From dist/main/tools/ in a build, from main/tools/ when run from source (tsx). */
const MEMORY_VIEW_FILE = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/') ? '../../memory-view/index.html' : '../../dist/memory-view/index.html',
    import.meta.url,
  ),
);

/** The extension's McpUiResourceMeta: no domain of any kind; a border from the host. */
const UI_META = {
  csp: { connectDomains: [], resourceDomains: [], frameDomains: [], baseUriDomains: [] },
  prefersBorder: true,
};

export const MEMORY_VIEW_RESOURCE: Resource = {
  uri: MEMORY_VIEW_URI,
  name: 'memory-view',
  title: 'MemoryOS memory view',
  description:
    'What MemoryOS remembered and used: pages with their dates and why they matched, profile lines and knowledge, each correctable in place.',
  mimeType: RESOURCE_MIME_TYPE,
  _meta: { ui: UI_META },
};

/** The capability a server declares for MCP Apps, under `capabilities.extensions`. */
export const UI_EXTENSION = { [EXTENSION_ID]: { mimeTypes: [RESOURCE_MIME_TYPE] } };

export async function readMemoryView(file: string = MEMORY_VIEW_FILE): Promise<ReadResourceResult> {
  let html: string;
  try {
    html = await readFile(file, 'utf8');
  } catch {
    throw new NotFoundError('the memory view is not built: run "npm run build" (or "npm run build:memory-view")');
  }
  return { contents: [{ uri: MEMORY_VIEW_URI, mimeType: RESOURCE_MIME_TYPE, text: html, _meta: { ui: UI_META } }] };
}
