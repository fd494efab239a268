// `npm run build:mcpb`: dist/mcpb/memoryos.mcpb from the bundled bridge (run after build:bridge).
import { join } from 'node:path';
import { ROOT, packMcpb } from './mcpb.js';

const out = await packMcpb(join(ROOT, 'dist', 'mcpb'));
process.stdout.write(`MCP Bundle: ${out}\n`);
