// API keys: create one per client, see what each did, rename, limit or revoke it.
import { useState } from 'react';
import { createKeyRequestSchema, type ApiKeyInfo } from '../../shared/admin.js';
import { errorText, useAction, useChannel } from '../api/queries.js';
import { ActionsMenu } from '../components/ActionsMenu.js';
import { CopyButton } from '../components/CopyButton.js';
import { CheckField, RateLimitFields, TextField, errorFor, fieldErrors, toNumber } from '../components/Field.js';
import { Loaded, Notice, ago, sentence, when } from '../components/State.js';
import { useNavigation } from '../navigation.js';
import { RateLimitDialog, RenameDialog, RevokeDialog } from './KeyDialogs.js';

function CreateKey() {
  const [name, setName] = useState('');
  const [admin, setAdmin] = useState(false);
  const [own, setOwn] = useState(false);
  const [requests, setRequests] = useState('100');
  const [windowSeconds, setWindow] = useState('3600');
  const [tried, setTried] = useState(false);
  const create = useAction('keys.create', ['keys.', 'overview.', 'memory.users']);
  const request = {
    name: name.trim(),
    admin,
    rate_limit: own ? { requests: toNumber(requests), windowSeconds: toNumber(windowSeconds) } : null,
  };
  const local = fieldErrors(createKeyRequestSchema, request);
  const errors = tried ? { ...local, ...(create.error?.fields ?? {}) } : {};
  const created = create.data;
  return (
    <section aria-labelledby="create-key-h" className="card">
      <h2 id="create-key-h">Create a key</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (Object.keys(local).length) return;
          create.mutate(request, {
            onSuccess: () => {
              setName('');
              setTried(false);
            },
          });
        }}
      >
        <div className="row">
          <TextField
            label="New key name"
            value={name}
            onChange={setName}
            error={errorFor(errors, 'name')}
            pattern="[a-z0-9_\-]{1,64}"
            hint="One key per client, e.g. “laptop-cursor”. The name is also its memory."
            live
          />
        </div>
        <CheckField
          label="Admin: may use this dashboard and see every user’s memory"
          checked={admin}
          onChange={setAdmin}
        />
        <CheckField label="Its own rate limit instead of the default" checked={own} onChange={setOwn} />
        {own && (
          <RateLimitFields
            requests={requests}
            onRequests={setRequests}
            windowSeconds={windowSeconds}
            onWindow={setWindow}
            errors={errors}
          />
        )}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create key
        </button>
        {create.isError && Object.keys(create.error.fields).length === 0 && (
          <Notice kind="error">{sentence(errorText(create.error))}</Notice>
        )}
      </form>
      {created && (
        <div className="created" role="status">
          <p>
            Key <strong>{created.info.name}</strong> created. Copy it now: it is shown this once.
          </p>
          <code data-testid="new-key">{created.key}</code>
          <div className="actions">
            <CopyButton text={created.key} what={`the key ${created.info.name}`} />
            <button type="button" onClick={() => create.reset()}>
              Done
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

type Open = { kind: 'rename' | 'limit' | 'revoke'; key: ApiKeyInfo } | null;

export function Keys() {
  const keys = useChannel('keys.list', {});
  const defaults = useChannel('rateLimits.get', {});
  const me = useChannel('session.me', {}, { staleTime: Infinity });
  const { go, signOut } = useNavigation();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const d = defaults.data ?? { requests: 100, windowSeconds: 3600 };
  const finish = (message: string) => {
    setOpen(null);
    setDone(message);
  };
  const limitText = (k: ApiKeyInfo) =>
    k.rate_limit
      ? `${k.rate_limit.requests} per ${k.rate_limit.windowSeconds} s`
      : `default (${d.requests} per ${d.windowSeconds} s)`;
  return (
    <section aria-labelledby="keys-h" className="screen">
      <h1 id="keys-h" tabIndex={-1}>
        API keys
      </h1>
      <CreateKey />
      <section aria-labelledby="key-list-h" className="card">
        <h2 id="key-list-h">Keys</h2>
        {done && <Notice kind="ok">{done}</Notice>}
        <Loaded query={keys} isEmpty={(l) => l.length === 0} empty={<p>No keys yet: create one above.</p>}>
          {(list) => (
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Rate limit</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((k) => (
                  <tr key={k.name} data-testid={`key-${k.name}`} className={k.revoked ? 'revoked' : ''}>
                    <th scope="row">
                      {k.name}
                      {me.data?.name === k.name && !me.data.local && <span className="tag">you</span>}
                    </th>
                    <td data-label="Role">
                      {k.admin ? 'Admin' : 'Client'}
                      {k.source === 'env' ? ' (from the environment)' : ''}
                    </td>
                    <td data-label="Starts with">
                      <code>{k.prefix}…</code>
                    </td>
                    <td data-label="Created">{when(k.created_at)}</td>
                    <td data-label="Last used">{ago(k.last_used_at)}</td>
                    <td data-label="Requests">{k.request_count.toLocaleString()}</td>
                    <td data-label="Rate limit">{k.revoked ? '—' : limitText(k)}</td>
                    <td className="row-actions">
                      {k.revoked ? (
                        <span className="muted">Revoked</span>
                      ) : k.source === 'env' ? (
                        <span className="muted">Set in the environment</span>
                      ) : (
                        <ActionsMenu
                          label={`Actions for ${k.name}`}
                          actions={[
                            { label: 'Rename…', onSelect: () => setOpen({ kind: 'rename', key: k }) },
                            { label: 'Rate limit…', onSelect: () => setOpen({ kind: 'limit', key: k }) },
                            { label: 'Revoke…', danger: true, onSelect: () => setOpen({ kind: 'revoke', key: k }) },
                          ]}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
        <p className="muted small">
          Keys without their own limit may make {d.requests} requests per {d.windowSeconds} seconds.{' '}
          <button type="button" className="link" onClick={() => go('settings')}>
            Change the default in Settings
          </button>
          .
        </p>
      </section>
      {open?.kind === 'rename' && <RenameDialog k={open.key} onClose={() => setOpen(null)} onDone={finish} />}
      {open?.kind === 'limit' && (
        <RateLimitDialog k={open.key} defaults={d} onClose={() => setOpen(null)} onDone={finish} />
      )}
      {open?.kind === 'revoke' && (
        <RevokeDialog
          k={open.key}
          self={me.data?.name === open.key.name && !me.data.local}
          lastAdmin={
            open.key.admin && !open.key.revoked && (keys.data ?? []).filter((x) => x.admin && !x.revoked).length === 1
          }
          signOut={signOut}
          onClose={() => setOpen(null)}
          onDone={finish}
        />
      )}
    </section>
  );
}
