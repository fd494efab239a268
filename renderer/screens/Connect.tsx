// Connect a client: the exact configuration for a key, one-click install into Claude Desktop or
// Cursor (on the machine the server runs on), and a connection test.
import { useState } from 'react';
import { z } from 'zod';
import { errorText, useAction } from '../api/queries.js';
import { CopyButton } from '../components/CopyButton.js';
import { InstallBundle } from '../components/InstallBundle.js';
import { TextField, errorFor, fieldErrors } from '../components/Field.js';
import { Notice, sentence } from '../components/State.js';
import { useNavigation } from '../navigation.js';

const keySchema = z.object({ key: z.string().min(16, 'paste the full API key (it is at least 16 characters)') });

export function Connect() {
  const [key, setKey] = useState('');
  const [tried, setTried] = useState(false);
  const configs = useAction('connect.configs');
  const test = useAction('connect.test', ['overview.', 'stats.']);
  const install = useAction('connect.install');
  const { go } = useNavigation();
  const k = key.trim();
  const local = fieldErrors(keySchema, { key: k });
  const keyError = tried ? errorFor({ ...local, ...(configs.error?.fields ?? {}) }, 'key') : undefined;
  const ready = Object.keys(local).length === 0;
  return (
    <section aria-labelledby="connect-h" className="screen">
      <h1 id="connect-h" tabIndex={-1}>
        Connect
      </h1>
      <p className="muted">
        Each client needs a key of its own.{' '}
        <button type="button" className="link" onClick={() => go('keys')}>
          Create one on the API keys screen
        </button>
        , then paste it here: it is used on this page only.
      </p>
      <InstallBundle />
      <section aria-labelledby="connect-key-h" className="card">
        <h2 id="connect-key-h">Key for the client</h2>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (ready) configs.mutate({ key: k });
          }}
        >
          <TextField
            label="API key for the client"
            type="password"
            autoComplete="off"
            value={key}
            onChange={setKey}
            error={keyError}
            live
          />
          <div className="actions">
            <button type="submit" className="primary">
              Show configuration
            </button>
            <button
              type="button"
              disabled={test.isPending}
              onClick={() => {
                setTried(true);
                if (ready) test.mutate({ key: k });
              }}
            >
              {test.isPending ? 'Testing…' : 'Test connection'}
            </button>
          </div>
        </form>
        {test.data?.ok && (
          <p role="status" className="connected">
            <span aria-hidden="true">●</span> Connected: {test.data.tools.length} tools ({test.data.tools.join(', ')})
            in {test.data.roundTripMs} ms.
          </p>
        )}
        {test.data && !test.data.ok && (
          <Notice kind="error">
            The test could not connect after {test.data.roundTripMs} ms: {sentence(test.data.error ?? 'unknown error')}
          </Notice>
        )}
        {test.isError && <Notice kind="error">{sentence(errorText(test.error))}</Notice>}
        {configs.isError && !configs.error.fields.key && (
          <Notice kind="error">{sentence(errorText(configs.error))}</Notice>
        )}
      </section>
      {install.isSuccess && (
        <Notice kind="ok">
          Wrote {install.data.path}
          {install.data.backupPath ? ` (the previous file is kept as ${install.data.backupPath})` : ''}. Restart the
          client to load it.
        </Notice>
      )}
      {install.isError && <Notice kind="error">{sentence(errorText(install.error))}</Notice>}
      <div className="grid">
        {configs.data?.map((c) => (
          <article key={c.client} className="card" data-testid={`connect-${c.client}`}>
            <h2>{c.title}</h2>
            <p className="muted">{c.note}</p>
            <pre className="snippet">
              <code>{c.snippet}</code>
            </pre>
            <div className="actions">
              <CopyButton text={c.snippet} what={`the ${c.title} configuration`} />
              {c.installable && (
                <button
                  type="button"
                  disabled={install.isPending}
                  onClick={() => install.mutate({ key: k, client: c.client as 'claude-desktop' | 'cursor' })}
                >
                  Add to {c.title}
                </button>
              )}
            </div>
          </article>
        ))}
      </div>
    </section>
  );
}
