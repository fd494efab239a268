import type { DashboardApi } from '../../shared/dashboard.js';
import { useApi } from '../api/useApi.js';
import { Async } from '../components/State.js';

export function Overview({ api }: { api: DashboardApi }) {
  const state = useApi(api, 'overview.get', {}, 3000);
  return (
    <section aria-labelledby="overview-h">
      <h2 id="overview-h">Overview</h2>
      <Async state={state}>
        {(o) => (
          <>
            <dl className="cards">
              <div>
                <dt>Status</dt>
                <dd data-testid="status">{o.status}</dd>
              </div>
              <div>
                <dt>Address</dt>
                <dd>
                  <code>{o.address}/mcp</code>
                </dd>
              </div>
              <div>
                <dt>Uptime</dt>
                <dd>{Math.floor(o.stats.uptime_seconds / 60)} min</dd>
              </div>
              <div>
                <dt>Requests</dt>
                <dd data-testid="requests">{o.stats.requests}</dd>
              </div>
              <div>
                <dt>Errors</dt>
                <dd>{o.stats.errors}</dd>
              </div>
              <div>
                <dt>Rate-limited</dt>
                <dd>{o.stats.rate_limited}</dd>
              </div>
              <div>
                <dt>Open sessions</dt>
                <dd>{o.stats.active_sessions}</dd>
              </div>
              <div>
                <dt>Keys</dt>
                <dd>{o.key_count}</dd>
              </div>
            </dl>
            {!o.store.ok && (
              <p role="alert" className="error">
                Memory store problem: {o.store.detail}
              </p>
            )}
            <h3>Tools</h3>
            {Object.keys(o.stats.tools).length === 0 ? (
              <p className="empty">No tool calls yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Tool</th>
                    <th>Calls</th>
                    <th>Errors</th>
                    <th>p50 ms</th>
                    <th>p95 ms</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(o.stats.tools).map(([name, t]) => (
                    <tr key={name}>
                      <td>{name}</td>
                      <td>{t.calls}</td>
                      <td>{t.errors}</td>
                      <td>{t.p50_ms.toFixed(1)}</td>
                      <td>{t.p95_ms.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
