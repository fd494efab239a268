// Client traffic over the last hour, day or week, for every key or one: requests, errors and 429s,
// and each tool's mean latency. The figures are kept on disk by the server, so a restart keeps them.
import { useId, useMemo, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import type { TrendRange, Trends as TrendData } from '../../shared/admin.js';
import { useChannel } from '../api/queries.js';
import { SelectField } from '../components/Field.js';
import { Loaded, plural } from '../components/State.js';
import { TrendChart, type Series } from '../components/TrendChart.js';

const RANGES: { value: TrendRange; label: string; phrase: string }[] = [
  { value: 'hour', label: 'Last hour', phrase: 'the last hour' },
  { value: 'day', label: 'Last day', phrase: 'the last 24 hours' },
  { value: 'week', label: 'Last week', phrase: 'the last 7 days' },
];
const COLORS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const step = (s: number) => (s < 3600 ? `${s / 60}-minute` : `${s / 3600}-hour`);

function Charts({ t, phrase, who }: { t: TrendData; phrase: string; who: string }) {
  const totals = { requests: sum(t.requests), errors: sum(t.errors), limited: sum(t.rate_limited) };
  const traffic = useMemo<Series[]>(
    () => [
      { label: 'Requests', values: t.requests, color: '--chart-1', bars: true },
      { label: 'Errors', values: t.errors, color: '--chart-2' },
      { label: '429s', values: t.rate_limited, color: '--chart-3' },
    ],
    [t],
  );
  const tools = Object.entries(t.tools);
  const latency = useMemo<Series[]>(
    () => tools.map(([name, s], i) => ({ label: name, values: s.mean_ms, color: COLORS[i % COLORS.length]! })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );
  return (
    <>
      <dl className="totals" data-testid="trend-totals">
        <div>
          <dt>Requests</dt>
          <dd data-testid="trend-requests">{totals.requests.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{totals.errors.toLocaleString()}</dd>
        </div>
        <div>
          <dt>429s</dt>
          <dd>{totals.limited.toLocaleString()}</dd>
        </div>
      </dl>
      <TrendChart
        testId="traffic-chart"
        title={`Client requests, errors and 429s per ${step(t.step_seconds)} interval, ${phrase}, ${who}`}
        summary={`${plural(totals.requests, 'request')}, ${plural(totals.errors, 'error')} and ${plural(totals.limited, 'rate-limited request')} in ${phrase}.`}
        times={t.times}
        series={traffic}
        unit=""
      />
      {tools.length === 0 ? (
        <p className="empty">No tool was called in {phrase}.</p>
      ) : (
        <TrendChart
          testId="latency-chart"
          title={`Mean tool latency in milliseconds, ${phrase}, ${who}`}
          summary={tools
            .map(([name, s]) => {
              const calls = sum(s.calls);
              const ms = s.mean_ms.filter((x): x is number => x !== null);
              const mean = ms.length ? Math.round((ms.reduce((a, b) => a + b, 0) / ms.length) * 10) / 10 : 0;
              return `${name}: ${plural(calls, 'call')}, about ${mean} ms`;
            })
            .join('; ')}
          times={t.times}
          series={latency}
          unit="ms"
        />
      )}
    </>
  );
}

export function Trends() {
  const [range, setRange] = useState<TrendRange>('hour');
  const [key, setKey] = useState<string>('');
  const name = useId();
  const trends = useChannel(
    'stats.trends',
    { range, key: key || null },
    { refetchInterval: range === 'hour' ? 10_000 : 60_000, placeholderData: keepPreviousData },
  );
  const keys = useChannel('keys.list', {});
  const names = [...new Set([...(keys.data ?? []).map((k) => k.name), ...(trends.data?.keys ?? [])])].sort();
  const phrase = RANGES.find((r) => r.value === range)!.phrase;
  return (
    <section aria-labelledby="trends-h" className="card">
      <h2 id="trends-h">Client traffic</h2>
      <div className="toolbar">
        <fieldset className="segmented">
          <legend>Period</legend>
          {RANGES.map((r) => (
            <label key={r.value}>
              <input
                type="radio"
                name={name}
                value={r.value}
                checked={range === r.value}
                onChange={() => setRange(r.value)}
              />
              <span>{r.label}</span>
            </label>
          ))}
        </fieldset>
        <SelectField
          label="Key"
          value={key}
          onChange={setKey}
          options={[{ value: '', label: 'All keys' }, ...names.map((n) => ({ value: n, label: n }))]}
        />
      </div>
      <Loaded query={trends}>{(t) => <Charts t={t} phrase={phrase} who={key ? `key ${key}` : 'all keys'} />}</Loaded>
      <p className="muted small">
        What clients did through MCP and the admin API. The dashboard’s own requests and files are left out, and a
        rejected key counts as a failed sign-in, not as an error.
      </p>
    </section>
  );
}
