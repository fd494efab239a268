// API keys (create, list, revoke, rename, own rate limit) and the global default rate limit.
import { useState } from 'react';
import type { CreatedKey } from '../../shared/admin.js';
import type { DashboardApi } from '../../shared/dashboard.js';
import { useApi } from '../api/useApi.js';
import { Async, ConfirmButton, Notice, when } from '../components/State.js';

function RateLimitForm({
  initial,
  onSave,
  label,
}: {
  initial: { requests: number; windowSeconds: number } | null;
  onSave: (v: { requests: number; windowSeconds: number } | null) => Promise<unknown>;
  label: string;
}) {
  const [requests, setRequests] = useState(String(initial?.requests ?? ''));
  const [windowSeconds, setWindow] = useState(String(initial?.windowSeconds ?? '3600'));
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const id = label.replace(/\W+/g, '-');
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const value =
          requests.trim() === '' ? null : { requests: Number(requests), windowSeconds: Number(windowSeconds) };
        onSave(value).then(
          () => setMsg({ kind: 'ok', text: 'Applied.' }),
          (err: Error) => setMsg({ kind: 'error', text: err.message }),
        );
      }}
    >
      <label htmlFor={`${id}-req`}>{label}: requests</label>
      <input
        id={`${id}-req`}
        inputMode="numeric"
        value={requests}
        onChange={(e) => setRequests(e.target.value)}
        placeholder="default"
        size={8}
      />
      <label htmlFor={`${id}-win`}>per seconds</label>
      <input
        id={`${id}-win`}
        inputMode="numeric"
        value={windowSeconds}
        onChange={(e) => setWindow(e.target.value)}
        size={7}
      />
      <button type="submit">Apply</button>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </form>
  );
}

export function Keys({ api }: { api: DashboardApi }) {
  const keys = useApi(api, 'keys.list', {});
  const defaults = useApi(api, 'rateLimits.get', {});
  const [name, setName] = useState('');
  const [admin, setAdmin] = useState(false);
  const [ownRequests, setOwnRequests] = useState('');
  const [ownWindow, setOwnWindow] = useState('3600');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>) =>
    p.then(
      () => {
        setError(null);
        keys.reload();
      },
      (e: Error) => setError(e.message),
    );
  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">API keys</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const rate_limit =
            ownRequests.trim() === '' ? null : { requests: Number(ownRequests), windowSeconds: Number(ownWindow) };
          api.invoke('keys.create', { name: name.trim(), admin, rate_limit }).then(
            (c) => {
              setCreated(c);
              setName('');
              setOwnRequests('');
              setOwnWindow('3600');
              setError(null);
              keys.reload();
            },
            (err: Error) => setError(err.message),
          );
        }}
      >
        <label htmlFor="new-key-name">New key name</label>
        <input
          id="new-key-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          pattern="[a-z0-9_-]{1,64}"
          title="a-z, 0-9, _ or -"
          required
        />
        <label>
          <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} /> admin
        </label>
        <label htmlFor="new-key-requests">own limit: requests</label>
        <input
          id="new-key-requests"
          inputMode="numeric"
          pattern="[0-9]*"
          value={ownRequests}
          onChange={(e) => setOwnRequests(e.target.value)}
          placeholder="default"
          size={8}
        />
        <label htmlFor="new-key-window">per seconds</label>
        <input
          id="new-key-window"
          inputMode="numeric"
          pattern="[0-9]+"
          value={ownWindow}
          onChange={(e) => setOwnWindow(e.target.value)}
          size={7}
        />
        <button type="submit">Create key</button>
      </form>
      {created && (
        <div className="created" role="status">
          <p>
            Key <strong>{created.info.name}</strong> created. Copy it now: it is shown this once.
          </p>
          <code data-testid="new-key">{created.key}</code>{' '}
          <button onClick={() => void navigator.clipboard?.writeText(created.key)}>Copy</button>{' '}
          <button onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <Async state={keys} isEmpty={(k) => k.length === 0} empty="No keys.">
        {(list) => (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Role</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Requests</th>
                <th>Own rate limit</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.name} data-testid={`key-${k.name}`} className={k.revoked ? 'revoked' : ''}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>
                    {k.admin ? 'admin' : 'user'}
                    {k.source === 'env' ? ' (env)' : ''}
                  </td>
                  <td>{when(k.created_at)}</td>
                  <td>{when(k.last_used_at)}</td>
                  <td>{k.request_count}</td>
                  <td>
                    {k.revoked ? (
                      '—'
                    ) : (
                      <RateLimitForm
                        label={`limit for ${k.name}`}
                        initial={k.rate_limit}
                        onSave={(v) => act(api.invoke('keys.setRateLimit', { name: k.name, rate_limit: v }))}
                      />
                    )}
                  </td>
                  <td>
                    {k.revoked ? (
                      'revoked'
                    ) : k.source === 'env' ? (
                      'set in environment'
                    ) : (
                      <>
                        <button
                          onClick={() => {
                            const n = window.prompt(`New name for ${k.name}`, k.name);
                            if (n && n !== k.name) void act(api.invoke('keys.rename', { name: k.name, newName: n }));
                          }}
                        >
                          Rename
                        </button>{' '}
                        <ConfirmButton
                          label="Revoke"
                          confirm={`Revoke the key "${k.name}"? Clients using it will be refused at once.`}
                          onConfirm={() => void act(api.invoke('keys.revoke', { name: k.name }))}
                        />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
      <h3>Default rate limit</h3>
      <Async state={defaults}>
        {(d) => (
          <RateLimitForm
            label="default limit"
            initial={d}
            onSave={(v) => api.invoke('rateLimits.set', v ?? d).then(defaults.reload)}
          />
        )}
      </Async>
    </section>
  );
}
