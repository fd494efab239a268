// Settings edited from the dashboard of a headless server: a JSON file in the data folder, read by
// `serve` at start (below the environment and flags, which still win).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makePrivateDir } from '../privateFs.js';
import type { RawConfig } from '../config/variables.js';
import { StorageError } from '../errors.js';

export interface SettingsStore {
  readonly location: string;
  load(): RawConfig;
  save(raw: RawConfig): void;
}

export const settingsFilePath = (dataDir: string) => join(dataDir, 'settings.json');

export function jsonSettingsStore(file: string): SettingsStore {
  return {
    location: file,
    load() {
      if (!existsSync(file)) return {};
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as RawConfig;
      } catch (err) {
        throw new StorageError(`${file} is not valid JSON: ${(err as Error).message}`);
      }
    },
    save(raw) {
      makePrivateDir(dirname(file));
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
