// "Install in Claude Desktop": the MemoryOS MCP Bundle. The desktop app opens it with the OS, and
// Claude Desktop shows its install dialog (it asks for the key itself); a browser downloads it.
import { useState } from 'react';
import type { DashboardApi } from '../../shared/dashboard.js';
import { Notice } from './State.js';

export function InstallBundle({ api }: { api: DashboardApi }) {
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  return (
    <div className="install-bundle">
      <button
        type="button"
        onClick={() =>
          api.invoke('connect.bundle', {}).then(
            (r) => {
              if (r.downloadUrl) window.location.assign(r.downloadUrl);
              setMsg({ kind: 'ok', text: r.message });
            },
            (err: Error) => setMsg({ kind: 'error', text: err.message }),
          )
        }
      >
        Install in Claude Desktop
      </button>{' '}
      <span className="muted">The easiest way: nothing to copy; Claude Desktop asks for a key from API keys.</span>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </div>
  );
}
