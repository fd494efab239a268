// Opening a memory service over a fresh temporary data folder, for tests and benchmarks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverConfigSchema } from '../../shared/config.js';
import { openMemoryService } from './service.js';
import type { MemoryService, MemoryServiceOptions } from './types.js';

export function tempDataDir(prefix = 'memoryos-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestService(dataDir: string, overrides: Partial<MemoryServiceOptions> = {}): MemoryService {
  const defaults = serverConfigSchema.parse({});
  return openMemoryService({
    dataDir,
    memory: defaults.memory,
    llm: defaults.llm,
    embedding: defaults.embedding,
    ...overrides,
  });
}
