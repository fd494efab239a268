// The version this is and what is available; in the desktop app, whether to check at start.
import { useState } from 'react';
import type { DashboardApi, SettingsView } from '../../shared/dashboard.js';
import { useApi } from '../api/useApi.js';
import { Notice } from './State.js';

export function Updates({ api, settings }: { api: DashboardApi; settings: SettingsView }) {
  const status = useApi(api, 'app.updates', {});
  const [checkAtStart, setCheckAtStart] = useState(settings.checkForUpdates);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const fail = (err: Error) => setMsg({ kind: 'error', text: err.message });
  const s = status.data;
  if (!s) return null;
  return (
    <fieldset>
      <legend>Version and updates</legend>
      <p data-testid="version">{s.summary}</p>
      {s.supported && (
        <>
          <label>
            <input
              type="checkbox"
              checked={checkAtStart}
              onChange={(e) => {
                const next = e.target.checked;
                const { storedIn: _s, llmApiKeySet: _k, ...editable } = settings;
                api.invoke('settings.update', { ...editable, llmApiKey: '', checkForUpdates: next }).then(() => {
                  setCheckAtStart(next);
                  setMsg({ kind: 'ok', text: next ? 'Saved: checks at start.' : 'Saved: no check at start.' });
                }, fail);
              }}
            />{' '}
            Check for updates when MemoryOS starts
          </label>{' '}
          <button
            type="button"
            disabled={!s.canCheck}
            onClick={() => api.invoke('app.checkForUpdates', {}).then(status.reload, fail)}
          >
            Check now
          </button>
        </>
      )}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </fieldset>
  );
}
