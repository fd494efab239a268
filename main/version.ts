// The product version, read once from package.json (also in the built layout: dist/main/).
import { readFileSync } from 'node:fs';

function findVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'memoryos-desktop' && pkg.version) return pkg.version;
    } catch {
      // Try the next layout.
    }
  }
  return '0.0.0';
}

export const VERSION = findVersion();
