// The first screen: is it running, where clients connect, what they did lately; and, until a first
// client has connected, the guided first run.
import { useState } from 'react';
import type { Overview as OverviewData } from '../../shared/dashboard.js';
import { useChannel } from '../api/queries.js';
import { CopyButton } from '../components/CopyButton.js';
import { Loaded, plural } from '../components/State.js';
import { FirstRun } from './FirstRun.js';
import { Trends } from './Trends.js';

function uptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  return `${m} min`;
}

function Cards({ o }: { o: OverviewData }) {
  const endpoint = `${o.address}/mcp`;
  const pages = Object.values(o.stats.memory_by_user).reduce((n, c) => n + c.short_term + c.mid_term_pages, 0);
  return (
    <>
      <p className="endpoint">
        <span>Clients connect to</span> <code>{endpoint}</code> <CopyButton text={endpoint} what="the MCP address" />
      </p>
      <dl className="cards">
        <div>
          <dt>Status</dt>
          <dd data-testid="status" className={o.status === 'running' ? 'ok' : 'error'}>
            {o.status === 'running' ? 'Running' : 'Degraded'}
          </dd>
        </div>
        <div>
          <dt>Up for</dt>
          <dd>{uptime(o.stats.uptime_seconds)}</dd>
        </div>
        <div>
          <dt>Open sessions</dt>
          <dd>{o.stats.active_sessions}</dd>
        </div>
        <div>
          <dt>API keys</dt>
          <dd>{o.key_count}</dd>
        </div>
        <div>
          <dt>Exchanges remembered</dt>
          <dd>{pages.toLocaleString()}</dd>
        </div>
      </dl>
    </>
  );
}

function Tools({ o }: { o: OverviewData }) {
  const tools = Object.entries(o.stats.tools);
  return (
    <section aria-labelledby="tools-h" className="card">
      <h2 id="tools-h">Tools since the server started</h2>
      {tools.length === 0 ? (
        <p className="empty">No tool has been called since the server started.</p>
      ) : (
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col">Calls</th>
              <th scope="col">Errors</th>
              <th scope="col">Median</th>
              <th scope="col">95th percentile</th>
            </tr>
          </thead>
          <tbody>
            {tools.map(([name, t]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td data-label="Calls">{t.calls}</td>
                <td data-label="Errors">{t.errors}</td>
                <td data-label="Median">{t.p50_ms.toFixed(1)} ms</td>
                <td data-label="95th percentile">{t.p95_ms.toFixed(1)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">
        {plural(o.stats.auth_failures, 'failed sign-in')} by clients since the server started.
      </p>
    </section>
  );
}

export function Overview() {
  const overview = useChannel('overview.get', {}, { refetchInterval: 5000 });
  // Once shown, the first run stays until it is finished or skipped, even after its test connected.
  const [firstRun, setFirstRun] = useState<'unknown' | 'shown' | 'closed'>('unknown');
  const neverConnected = overview.data?.first_client_at === null;
  if (firstRun === 'unknown' && neverConnected) setFirstRun('shown');
  return (
    <section aria-labelledby="overview-h" className="screen">
      <h1 id="overview-h" tabIndex={-1}>
        Overview
      </h1>
      {firstRun === 'shown' && <FirstRun onClose={() => setFirstRun('closed')} />}
      <Loaded query={overview}>
        {(o) => (
          <>
            {!o.store.ok && (
              <p role="alert" className="notice error">
                The memory store has a problem: {o.store.detail}
              </p>
            )}
            <Cards o={o} />
            <Trends />
            <Tools o={o} />
          </>
        )}
      </Loaded>
    </section>
  );
}
