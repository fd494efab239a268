// Clients connected right now, and a way to end a session.
import { useState } from 'react';
import type { SessionInfo } from '../../shared/admin.js';
import { useAction, useChannel } from '../api/queries.js';
import { ConfirmDialog } from '../components/Dialogs.js';
import { Loaded, Notice, ago, when } from '../components/State.js';
import { useNavigation } from '../navigation.js';

const clientOf = (s: SessionInfo) =>
  `${s.client_name ?? 'An unnamed client'}${s.client_version ? ` ${s.client_version}` : ''}`;

export function Sessions() {
  const sessions = useChannel('sessions.list', {}, { refetchInterval: 3000 });
  const close = useAction('sessions.close', ['sessions.', 'overview.']);
  const { go } = useNavigation();
  const [closing, setClosing] = useState<SessionInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="sessions-h" className="screen">
      <h1 id="sessions-h" tabIndex={-1}>
        Sessions
      </h1>
      <p className="muted">Clients connected right now. A session ends by itself after a while without activity.</p>
      {done && <Notice kind="ok">{done}</Notice>}
      <Loaded
        query={sessions}
        isEmpty={(l) => l.length === 0}
        empty={
          <>
            <p>No client is connected.</p>
            <p>
              Clients connect when they start or when they first use memory.{' '}
              <button type="button" className="link" onClick={() => go('connect')}>
                Set up a client
              </button>
            </p>
          </>
        }
      >
        {(list) => (
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Key</th>
                <th scope="col">Started</th>
                <th scope="col">Last activity</th>
                <th scope="col">Requests</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id} data-testid="session-row">
                  <th scope="row">{clientOf(s)}</th>
                  <td data-label="Key">{s.key_name}</td>
                  <td data-label="Started">{when(s.started_at)}</td>
                  <td data-label="Last activity">{ago(s.last_activity_at)}</td>
                  <td data-label="Requests">{s.requests}</td>
                  <td className="row-actions">
                    <button type="button" className="danger" onClick={() => setClosing(s)}>
                      Disconnect
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      {closing && (
        <ConfirmDialog
          open
          onClose={() => setClosing(null)}
          title={`Disconnect ${clientOf(closing)}?`}
          confirm="Disconnect"
          onConfirm={() =>
            close.mutateAsync({ id: closing.id }).then(() => setDone(`Disconnected ${clientOf(closing)}.`))
          }
        >
          <p>Its session ends now. The client can connect again with its key; to stop it for good, revoke the key.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
