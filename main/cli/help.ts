// `memoryos --help`, made from the same table the loader reads.
import { VARIABLES } from '../config/variables.js';

export function helpText(): string {
  const rows = VARIABLES.map(
    (v) => `  --${v.flag.padEnd(24)} ${v.env.padEnd(22)} ${v.help} (default: ${v.defaultText})`,
  );
  return `MemoryOS: one private, long-term memory for every AI client, over MCP.

Usage (in the project folder or the container's /app: npm run memoryos -- COMMAND ...):
  memoryos [serve] [options]          start the server (Streamable HTTP on /mcp, or stdio)
  memoryos keys list                  list API keys (names, prefixes, usage; never the keys)
  memoryos keys create NAME [--admin] [--rate-limit N/SECONDS]
                                      create a key; it is printed once
  memoryos keys revoke NAME           revoke a key
  memoryos connect CLIENT [options]   print or install a client's configuration (see: memoryos connect --help)
  memoryos backup [--out DIR]         back up every user's memory store now
  memoryos restore USER FILE          restore one user's store from a backup file (server stopped)
  memoryos migrate-to-postgres --database-url URL [--data-dir DIR]
                                      move a data folder's keys and memories into a team server's PostgreSQL
                                      (again: resumes, adds nothing twice)
  memoryos --version                  print the version

Options (each also an environment variable; flags win):
  --${'config FILE'.padEnd(24)} ${'MEMORYOS_CONFIG'.padEnd(22)} JSON file with any settings
${rows.join('\n')}
  --${'help'.padEnd(24)} ${''.padEnd(22)} this text
`;
}
