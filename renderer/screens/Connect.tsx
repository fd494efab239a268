// Connect a client: the exact configuration for a key, one-click install into Claude Desktop or
// Cursor (on the machine the server runs on), and a connection test.
import { useState } from 'react';
import type { DashboardApi, ResponseOf } from '../../shared/dashboard.js';
import { InstallBundle } from '../components/InstallBundle.js';
import { Notice } from '../components/State.js';

export function Connect({ api }: { api: DashboardApi }) {
  const [key, setKey] = useState('');
  const [configs, setConfigs] = useState<ResponseOf<'connect.configs'> | null>(null);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const fail = (e: Error) => setMsg({ kind: 'error', text: e.message });
  return (
    <section aria-labelledby="connect-h">
      <h2 id="connect-h">Connect a client</h2>
      <InstallBundle api={api} />
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setMsg(null);
          api.invoke('connect.configs', { key: key.trim() }).then(setConfigs, fail);
        }}
      >
        <label htmlFor="connect-key">API key for the client</label>
        <input
          id="connect-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
        />
        <button type="submit">Show configuration</button>
        <button
          type="button"
          disabled={key.trim().length < 16}
          onClick={() =>
            api.invoke('connect.test', { key: key.trim() }).then(
              (r) =>
                setMsg(
                  r.ok
                    ? {
                        kind: 'ok',
                        text: `Connected: ${r.tools.length} tools (${r.tools.join(', ')}) in ${r.roundTripMs} ms.`,
                      }
                    : { kind: 'error', text: `Connection failed after ${r.roundTripMs} ms: ${r.error}` },
                ),
              fail,
            )
          }
        >
          Test connection
        </button>
      </form>
      <p className="muted">
        Create a key per client on the API keys screen; it is shown once, then paste it here. It is used for this page
        only.
      </p>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {configs?.map((c) => (
        <article key={c.client} className="page" data-testid={`connect-${c.client}`}>
          <h3>{c.title}</h3>
          <p className="muted">{c.note}</p>
          <pre>
            <code>{c.snippet}</code>
          </pre>
          <button onClick={() => void navigator.clipboard?.writeText(c.snippet)}>Copy</button>{' '}
          {c.installable && (
            <button
              onClick={() =>
                api
                  .invoke('connect.install', { key: key.trim(), client: c.client as 'claude-desktop' | 'cursor' })
                  .then(
                    (r) =>
                      setMsg({
                        kind: 'ok',
                        text: `Wrote ${r.path}${r.backupPath ? ` (backup ${r.backupPath})` : ''}. Restart ${c.title}.`,
                      }),
                    fail,
                  )
              }
            >
              Add to {c.title}
            </button>
          )}
        </article>
      ))}
    </section>
  );
}
