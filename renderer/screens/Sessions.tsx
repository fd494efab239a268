import type { DashboardApi } from '../../shared/dashboard.js';
import { useApi } from '../api/useApi.js';
import { Async, ConfirmButton, when } from '../components/State.js';

export function Sessions({ api }: { api: DashboardApi }) {
  const sessions = useApi(api, 'sessions.list', {}, 3000);
  return (
    <section aria-labelledby="sessions-h">
      <h2 id="sessions-h">Live sessions</h2>
      <Async state={sessions} isEmpty={(s) => s.length === 0} empty="No client is connected.">
        {(list) => (
          <table>
            <thead>
              <tr>
                <th>Key</th>
                <th>Client</th>
                <th>Started</th>
                <th>Last activity</th>
                <th>Requests</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id} data-testid="session-row">
                  <td>{s.key_name}</td>
                  <td>
                    {s.client_name ?? 'unknown'} {s.client_version ?? ''}
                  </td>
                  <td>{when(s.started_at)}</td>
                  <td>{when(s.last_activity_at)}</td>
                  <td>{s.requests}</td>
                  <td>
                    <ConfirmButton
                      label="Disconnect"
                      confirm={`Disconnect ${s.client_name ?? 'this client'}?`}
                      onConfirm={() => void api.invoke('sessions.close', { id: s.id }).then(sessions.reload)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </section>
  );
}
