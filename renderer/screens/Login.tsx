// The browser dashboard's login: an admin key, kept in memory for this tab only.
import { useState } from 'react';
import type { DashboardApi } from '../../shared/dashboard.js';
import { httpApi } from '../api/httpApi.js';

export function Login({ onLogin }: { onLogin: (api: DashboardApi) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="login">
      <h1>MemoryOS</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const api = httpApi(key.trim());
          setBusy(true);
          api.invoke('overview.get', {}).then(
            () => onLogin(api),
            (err: Error) => {
              setError(err.message);
              setBusy(false);
            },
          );
        }}
      >
        <label htmlFor="admin-key">Admin API key</label>
        <input
          id="admin-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
          autoFocus
        />
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <p className="muted">The key stays in this tab's memory: reloading the page signs you out.</p>
      </form>
    </main>
  );
}
