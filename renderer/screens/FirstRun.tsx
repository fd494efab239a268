// The first run: no client has connected yet, so the dashboard walks through connecting one: name a
// key, pick the client, install or copy its configuration, and watch the connection test pass.
import { useState } from 'react';
import { createKeyRequestSchema, type CreatedKey } from '../../shared/admin.js';
import type { ResponseOf } from '../../shared/dashboard.js';
import { errorText, useAction } from '../api/queries.js';
import { CopyButton } from '../components/CopyButton.js';
import { TextField, errorFor, fieldErrors } from '../components/Field.js';
import { Notice, sentence } from '../components/State.js';

const CHOICES = [
  { id: 'claude-desktop', title: 'Claude Desktop' },
  { id: 'cursor', title: 'Cursor' },
  { id: 'vscode', title: 'VS Code' },
  { id: 'claude-code', title: 'Claude Code' },
] as const;
type Choice = (typeof CHOICES)[number]['id'];

type Config = ResponseOf<'connect.configs'>[number];

function Install({ created, config }: { created: CreatedKey; config: Config }) {
  const install = useAction('connect.install');
  return (
    <>
      <p>{config.note}</p>
      {config.installable && (
        <p>
          <button
            type="button"
            className="primary"
            disabled={install.isPending}
            onClick={() => install.mutate({ key: created.key, client: config.client as 'claude-desktop' | 'cursor' })}
          >
            Add to {config.title}
          </button>{' '}
          <span className="muted">or copy the configuration below.</span>
        </p>
      )}
      {install.isSuccess && (
        <Notice kind="ok">
          Added to {install.data.path}
          {install.data.backupPath ? ` (the previous file is kept as ${install.data.backupPath})` : ''}. Restart{' '}
          {config.title} to load it.
        </Notice>
      )}
      {install.isError && <Notice kind="error">{sentence(errorText(install.error))}</Notice>}
      <pre className="snippet">
        <code>{config.snippet}</code>
      </pre>
      <CopyButton text={config.snippet} what={`the ${config.title} configuration`} />
    </>
  );
}

export function FirstRun({ onClose }: { onClose: () => void }) {
  const [client, setClient] = useState<Choice>('claude-desktop');
  const [name, setName] = useState('claude-desktop');
  const [touched, setTouched] = useState(false);
  const create = useAction('keys.create', ['keys.', 'overview.']);
  const configs = useAction('connect.configs');
  const test = useAction('connect.test', ['overview.', 'stats.']);
  const created = create.data;
  const request = { name: name.trim(), admin: false, rate_limit: null };
  const errors = { ...fieldErrors(createKeyRequestSchema, request), ...(create.error?.fields ?? {}) };
  const config = configs.data?.find((c) => c.client === client);
  const title = CHOICES.find((c) => c.id === client)!.title;
  return (
    <section aria-labelledby="first-run-h" className="card first-run" data-testid="first-run">
      <h2 id="first-run-h">Connect your first AI client</h2>
      <p className="muted">
        No client has talked to MemoryOS yet. Three steps connect one; each client gets its own key, so you can see and
        revoke it on its own later.
      </p>
      <ol className="steps">
        <li aria-current={!created ? 'step' : undefined}>
          <h3>Pick the client and name its key</h3>
          <fieldset className="choices" disabled={Boolean(created)}>
            <legend>Client</legend>
            {CHOICES.map((c) => (
              <label key={c.id}>
                <input
                  type="radio"
                  name="first-run-client"
                  checked={client === c.id}
                  onChange={() => {
                    setClient(c.id);
                    if (!touched) setName(c.id);
                  }}
                />{' '}
                {c.title}
              </label>
            ))}
          </fieldset>
          <form
            noValidate
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              setTouched(true);
              if (Object.keys(fieldErrors(createKeyRequestSchema, request)).length) return;
              create.mutate(request, {
                onSuccess: (k) => configs.mutate({ key: k.key }),
              });
            }}
          >
            <TextField
              label="Key name"
              value={name}
              onChange={(v) => {
                setName(v);
                setTouched(true);
              }}
              error={touched ? errorFor(errors, 'name') : undefined}
              pattern="[a-z0-9_\-]{1,64}"
              hint="Lower-case letters, digits, “_” or “-”; the name is also the memory it writes to."
              disabled={Boolean(created)}
              live
            />
            {!created && (
              <button type="submit" className="primary" disabled={create.isPending}>
                Create key
              </button>
            )}
          </form>
          {create.isError && !create.error.fields?.name && (
            <Notice kind="error">{sentence(errorText(create.error))}</Notice>
          )}
          {created && (
            <Notice kind="ok">
              Key <strong>{created.info.name}</strong> created. It is in the configuration below; it is not shown again.
            </Notice>
          )}
        </li>
        <li aria-current={created && !test.data?.ok ? 'step' : undefined} className={created ? '' : 'later'}>
          <h3>Add MemoryOS to {title}</h3>
          {!created && <p className="muted">After the key is created.</p>}
          {created && configs.isError && <Notice kind="error">{sentence(errorText(configs.error))}</Notice>}
          {created && config && <Install created={created} config={config} />}
        </li>
        <li className={created ? '' : 'later'}>
          <h3>Test the connection</h3>
          {created ? (
            <>
              <button
                type="button"
                className="primary"
                disabled={test.isPending}
                onClick={() => test.mutate({ key: created.key })}
              >
                {test.isPending ? 'Testing…' : 'Test connection'}
              </button>
              {test.data?.ok && (
                <p role="status" className="connected" data-testid="first-run-ok">
                  <span aria-hidden="true">●</span> Connected: MemoryOS answered with {test.data.tools.length} tools in{' '}
                  {test.data.roundTripMs} ms.
                </p>
              )}
              {test.data && !test.data.ok && (
                <Notice kind="error">The test could not connect: {sentence(test.data.error ?? 'unknown error')}</Notice>
              )}
              {test.isError && <Notice kind="error">{sentence(errorText(test.error))}</Notice>}
            </>
          ) : (
            <p className="muted">After the client is set up.</p>
          )}
        </li>
      </ol>
      <div className="actions">
        <button type="button" className={test.data?.ok ? 'primary' : ''} onClick={onClose}>
          {test.data?.ok ? 'Finish' : 'Skip for now'}
        </button>
      </div>
    </section>
  );
}
