// The desktop app's settings: electron-store, validated by the same schema as `serve`.
import Store from 'electron-store';
import type { SettingsStore } from '../api/settingsFile.js';
import type { RawConfig } from '../config/variables.js';

export function electronSettingsStore(): SettingsStore {
  const store = new Store<{ config: RawConfig }>({ name: 'settings', defaults: { config: {} } });
  return {
    location: store.path,
    load: () => store.get('config'),
    save: (raw) => store.set('config', raw),
  };
}
