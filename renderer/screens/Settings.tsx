// Server settings with inline validation; says when a restart is needed.
import { useState } from 'react';
import type { DashboardApi, EditableSettings, SettingsView } from '../../shared/dashboard.js';
import { editableSettingsSchema } from '../../shared/dashboard.js';
import { useApi } from '../api/useApi.js';
import { Async, Notice } from '../components/State.js';
import { Updates } from '../components/Updates.js';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function Form({ api, initial }: { api: DashboardApi; initial: SettingsView }) {
  const [v, setV] = useState({
    ...initial,
    llmApiKey: '',
    allowed: initial.allowedOrigins.join(', '),
    hosts: initial.trustedHosts.join(', '),
    proxies: initial.trustProxy.join(', '),
    portText: String(initial.port),
  });
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const candidate: EditableSettings = {
    host: v.host,
    port: Number(v.portText),
    corsEnabled: v.corsEnabled,
    allowedOrigins: list(v.allowed),
    trustedHosts: list(v.hosts),
    requireHttps: v.requireHttps,
    trustProxy: list(v.proxies),
    llmBaseUrl: v.llmBaseUrl,
    llmModel: v.llmModel,
    llmApiKey: v.llmApiKey,
    embeddingProvider: v.embeddingProvider,
    embeddingBaseUrl: v.embeddingBaseUrl,
    embeddingModel: v.embeddingModel,
    dataDir: v.dataDir,
  };
  const check = editableSettingsSchema.safeParse(candidate);
  const issues = new Map(check.success ? [] : check.error.issues.map((i) => [String(i.path[0]), i.message]));
  const field = (name: keyof typeof v & string, label: string, key: string = name, type = 'text') => (
    <div className="field">
      <label htmlFor={`set-${name}`}>{label}</label>
      <input
        id={`set-${name}`}
        type={type}
        value={String(v[name])}
        aria-invalid={issues.has(key)}
        aria-describedby={issues.has(key) ? `err-${name}` : undefined}
        onChange={(e) => setV({ ...v, [name]: e.target.value })}
      />
      {issues.has(key) && (
        <span id={`err-${name}`} className="error">
          {issues.get(key)}
        </span>
      )}
    </div>
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!check.success) return;
        api.invoke('settings.update', check.data).then(
          (r) => setMsg({ kind: 'ok', text: r.message }),
          (err: Error) => setMsg({ kind: 'error', text: err.message }),
        );
      }}
    >
      <fieldset>
        <legend>Server</legend>
        {field('host', 'Host (127.0.0.1 keeps it on this machine)')}
        {field('portText', 'Port', 'port')}
        {field('dataDir', 'Data folder')}
      </fieldset>
      <fieldset>
        <legend>Browser access and HTTPS</legend>
        <label>
          <input
            type="checkbox"
            checked={v.corsEnabled}
            onChange={(e) => setV({ ...v, corsEnabled: e.target.checked })}
          />{' '}
          Enable CORS
        </label>
        {field('allowed', 'Allowed origins (comma separated; empty = loopback only)', 'allowedOrigins')}
        {field('hosts', 'Trusted hosts (comma separated; empty = default)', 'trustedHosts')}
        <label>
          <input
            type="checkbox"
            checked={v.requireHttps}
            onChange={(e) => setV({ ...v, requireHttps: e.target.checked })}
          />{' '}
          Require HTTPS
        </label>
        {field('proxies', 'Trusted proxies (IPs, CIDRs, "loopback")', 'trustProxy')}
      </fieldset>
      <fieldset>
        <legend>Models (optional: everything works offline without them)</legend>
        {field('llmBaseUrl', 'LLM base URL (OpenAI-compatible; empty = OpenAI)')}
        {field('llmModel', 'LLM model')}
        {field(
          'llmApiKey',
          initial.llmApiKeySet ? 'LLM API key (stored; leave empty to keep it)' : 'LLM API key',
          'llmApiKey',
          'password',
        )}
        <div className="field">
          <label htmlFor="set-embedding">Embeddings</label>
          <select
            id="set-embedding"
            value={v.embeddingProvider}
            onChange={(e) => setV({ ...v, embeddingProvider: e.target.value as 'hashed' | 'openai' })}
          >
            <option value="hashed">Embedded (offline)</option>
            <option value="openai">OpenAI-compatible endpoint</option>
          </select>
        </div>
        {field('embeddingBaseUrl', 'Embedding base URL')}
        {field('embeddingModel', 'Embedding model')}
      </fieldset>
      <button type="submit" disabled={!check.success}>
        Save settings
      </button>
      <p className="muted">Saved to {initial.storedIn}.</p>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </form>
  );
}

export function Settings({ api }: { api: DashboardApi }) {
  const state = useApi(api, 'settings.get', {});
  return (
    <section aria-labelledby="settings-h">
      <h2 id="settings-h">Settings</h2>
      <Async state={state}>
        {(s) => (
          <>
            <Form api={api} initial={s} />
            <Updates api={api} settings={s} />
          </>
        )}
      </Async>
    </section>
  );
}
