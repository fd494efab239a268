// "Install in Claude Desktop": the MemoryOS MCP Bundle. The desktop app opens it with the OS, and
// Claude Desktop shows its install dialog (it asks for the key itself); a browser downloads it.
import { errorText, useAction } from '../api/queries.js';
import { Notice, sentence } from './State.js';

export function InstallBundle() {
  const bundle = useAction('connect.bundle');
  return (
    <div className="install-bundle actions">
      <button
        type="button"
        className="primary"
        disabled={bundle.isPending}
        onClick={() => bundle.mutate({}, { onSuccess: (r) => r.downloadUrl && window.location.assign(r.downloadUrl) })}
      >
        Install in Claude Desktop
      </button>
      <span className="muted">The easiest way: nothing to copy; Claude Desktop asks for a key from API keys.</span>
      {bundle.isSuccess && <Notice kind="ok">{bundle.data.message}</Notice>}
      {bundle.isError && <Notice kind="error">{sentence(errorText(bundle.error))}</Notice>}
    </div>
  );
}
