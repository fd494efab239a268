// Server settings. Each field is checked with the same schema as the server's, and its problem shows
// beside it; "Saved" appears only once the server confirmed, with whether a restart is needed.
import { useState } from 'react';
import { editableSettingsSchema, type SettingsView } from '../../shared/dashboard.js';
import { errorText, useAction, useChannel } from '../api/queries.js';
import { CheckField, SelectField, TextField, fieldErrors } from '../components/Field.js';
import { Loaded, Notice, sentence } from '../components/State.js';
import { Updates } from '../components/Updates.js';
import { errorsByField, formOf, settingsOf, type FormState } from './settingsForm.js';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'].map((v) => ({ value: v, label: v }));
const EMBEDDERS = [
  { value: 'hashed', label: 'Built in (offline, no setup)' },
  { value: 'openai', label: 'An OpenAI-compatible endpoint' },
  { value: 'onnx', label: 'A local ONNX sentence model' },
];

function Form({ initial }: { initial: SettingsView }) {
  const [f, setF] = useState<FormState>(() => formOf(initial));
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const save = useAction('settings.update', ['settings.', 'rateLimits.', 'overview.']);
  const candidate = settingsOf(f);
  const local = fieldErrors(editableSettingsSchema, candidate);
  const errors = errorsByField({ ...(tried ? local : {}), ...serverErrors }, f);
  const set = <K extends keyof FormState>(name: K, value: FormState[K]) => {
    setF({ ...f, [name]: value });
    // What the server said about a field holds until the field changes.
    setServerErrors(Object.fromEntries(Object.entries(serverErrors).filter(([p]) => !p.startsWith(name))));
  };
  const text = (name: keyof FormState, label: string, hint?: string, extra: object = {}) => (
    <TextField
      label={label}
      value={String(f[name])}
      onChange={(v) => set(name, v)}
      error={errors[name]}
      hint={hint}
      {...extra}
    />
  );
  const count = Object.keys(errors).length;
  return (
    <form
      noValidate
      className="settings"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        save.reset();
        if (Object.keys(local).length) return;
        save.mutate(candidate, {
          onError: (err) => setServerErrors(err.fields),
          onSuccess: () => setServerErrors({}),
        });
      }}
    >
      <fieldset className="card">
        <legend>Server</legend>
        {text('host', 'Host', '127.0.0.1 keeps the server on this computer; 0.0.0.0 opens it to the network.')}
        {text('port', 'Port', undefined, { inputMode: 'numeric' })}
        {text(
          'dataDir',
          'Data folder',
          'Keys, memories, statistics and backups live here. To move it, stop the server, move the folder, and ' +
            'start with --data-dir (or MEMORYOS_DATA_DIR).',
          { readOnly: true },
        )}
      </fieldset>
      <fieldset className="card">
        <legend>Access from browsers and proxies</legend>
        <CheckField label="Answer browsers (CORS)" checked={f.corsEnabled} onChange={(v) => set('corsEnabled', v)} />
        {text('allowedOrigins', 'Allowed origins', 'Comma separated; empty lets only this computer’s pages in.')}
        {text('trustedHosts', 'Trusted host names', 'Comma separated; empty accepts the loopback names.')}
        <CheckField label="Require HTTPS" checked={f.requireHttps} onChange={(v) => set('requireHttps', v)} />
        {text('trustProxy', 'Trusted proxies', 'Addresses or ranges (10.0.0.0/8), or “loopback”; comma separated.')}
      </fieldset>
      <fieldset className="card">
        <legend>Limits and sessions</legend>
        <div className="row">
          {text('rateLimitRequests', 'Requests per key', 'The default for keys without their own limit.', {
            inputMode: 'numeric',
          })}
          {text('rateLimitWindowSeconds', 'Per seconds', undefined, { inputMode: 'numeric' })}
        </div>
        <div className="row">
          {text('sessionIdleMinutes', 'Close idle sessions after (minutes)', undefined, { inputMode: 'decimal' })}
          {text('maxSessionsPerKey', 'Open sessions per key', undefined, { inputMode: 'numeric' })}
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>Backups and logs</legend>
        <div className="row">
          {text('backupIntervalHours', 'Back up every (hours)', '0 turns scheduled backups off.', {
            inputMode: 'decimal',
          })}
          {text('backupRetain', 'Backups to keep', undefined, { inputMode: 'numeric' })}
        </div>
        <SelectField
          label="Log level"
          value={f.logLevel}
          onChange={(v) => set('logLevel', v)}
          options={LOG_LEVELS}
          error={errors.logLevel}
        />
      </fieldset>
      <fieldset className="card">
        <legend>Models (optional: everything works offline without them)</legend>
        {text('llmBaseUrl', 'Language model address', 'OpenAI-compatible; empty uses OpenAI’s own.')}
        {text('llmModel', 'Language model')}
        {text(
          'llmApiKey',
          initial.llmApiKeySet ? 'Language model API key (stored: leave empty to keep it)' : 'Language model API key',
          undefined,
          { type: 'password', autoComplete: 'off' },
        )}
        <SelectField
          label="Embeddings"
          value={f.embeddingProvider}
          onChange={(v) => set('embeddingProvider', v)}
          options={EMBEDDERS}
          error={errors.embeddingProvider}
        />
        {f.embeddingProvider === 'openai' && (
          <>
            {text('embeddingBaseUrl', 'Embedding endpoint address')}
            {text('embeddingModel', 'Embedding model')}
          </>
        )}
        {f.embeddingProvider === 'onnx' && text('embeddingModelPath', 'Model folder', 'A folder with model.onnx.')}
        {text(
          'embeddingDimensions',
          'Embedding dimensions',
          'Empty: the model’s own. Changing it re-embeds memories.',
          {
            inputMode: 'numeric',
          },
        )}
      </fieldset>
      <div className="actions sticky">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
        {tried && count > 0 && !save.isPending && (
          <Notice kind="error">
            {count === 1
              ? 'One setting needs attention: see the message beside it.'
              : `${count} settings need attention: see the messages beside them.`}
          </Notice>
        )}
        {save.isSuccess && <Notice kind="ok">{save.data.message}</Notice>}
        {save.isError && Object.keys(save.error.fields).length === 0 && (
          <Notice kind="error">Not saved: {sentence(errorText(save.error))}</Notice>
        )}
      </div>
      <p className="muted small">Stored in {initial.storedIn}. Environment variables and flags take precedence.</p>
    </form>
  );
}

export function Settings() {
  const settings = useChannel('settings.get', {}, { staleTime: Infinity });
  return (
    <section aria-labelledby="settings-h" className="screen">
      <h1 id="settings-h" tabIndex={-1}>
        Settings
      </h1>
      <Loaded query={settings}>
        {(s) => (
          <>
            <Form initial={s} />
            <Updates settings={s} />
          </>
        )}
      </Loaded>
    </section>
  );
}
