// The browser dashboard's sign-in: an admin key, kept in this tab's memory only.
import { useState } from 'react';
import type { DashboardApi } from '../../shared/dashboard.js';
import { httpApi } from '../api/httpApi.js';
import { errorText } from '../api/queries.js';
import { TextField } from '../components/Field.js';
import { Notice, sentence } from '../components/State.js';

export function Login({ onLogin, notice }: { onLogin: (api: DashboardApi) => void; notice: string | null }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="login">
      <h1>MemoryOS</h1>
      <p className="muted">Sign in to manage keys, clients and memories.</p>
      {notice && <Notice kind="ok">{notice}</Notice>}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim() === '') return setError('Paste an admin API key.');
          const api = httpApi(key.trim());
          setBusy(true);
          setError(null);
          // session.me answers for any admin key and changes nothing.
          api.invoke('session.me', {}).then(
            () => onLogin(api),
            (err: unknown) => {
              setError(sentence(errorText(err)));
              setBusy(false);
            },
          );
        }}
      >
        <TextField
          label="Admin API key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={setKey}
          error={error ?? undefined}
          live
          autoFocus
          hint="The key the server printed at its first start, or one created with “keys create NAME --admin”."
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="muted small">The key stays in this tab’s memory: reloading the page signs you out.</p>
      </form>
    </main>
  );
}
