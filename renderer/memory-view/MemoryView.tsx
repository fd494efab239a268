// The memory view: an MCP App (ext-apps `App`) the host shows on a retrieve_memory or show_memory
// result. It follows the host's theme, style variables, locale and display mode, reports its size
// (the App's auto-resize), and corrects memory through the server's tools.
import { useApp, useHostStyles, type App, type McpUiHostContext } from '@modelcontextprotocol/ext-apps/react';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { profileLines } from '../../shared/profileLines.js';
import { cardOf, type Card, type CardPage } from './card.js';
import { correctionsVia, reportToModel } from './corrections.js';
import { quote } from './format.js';
import { KnowledgeItem, PageItem, ProfileLine } from './items.js';

type Status = { kind: 'waiting' } | { kind: 'card'; card: Card } | { kind: 'unreadable'; message: string };

export function MemoryView() {
  const [status, setStatus] = useState<Status>({ kind: 'waiting' });
  const [context, setContext] = useState<McpUiHostContext>({});
  const { app, error } = useApp({
    appInfo: { name: 'memoryos-memory-view', version: '1.0.0' },
    capabilities: { availableDisplayModes: ['inline', 'fullscreen'] },
    onAppCreated: (created) => {
      created.ontoolresult = (result) => {
        const card = cardOf(result);
        if (card) return setStatus({ kind: 'card', card });
        const said = result.isError && result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
        setStatus({ kind: 'unreadable', message: said || 'This result holds no memories this view can show.' });
      };
      created.ontoolcancelled = () => setStatus({ kind: 'unreadable', message: 'The memory lookup was cancelled.' });
      created.onhostcontextchanged = (changed) => setContext((prev) => ({ ...prev, ...changed }));
    },
  });
  useHostStyles(app, app?.getHostContext());
  const host = { ...app?.getHostContext(), ...context };
  const mode = host.displayMode ?? 'inline';
  const insets = host.safeAreaInsets;

  return (
    <main
      className={`memory-view ${mode}`}
      style={
        insets && {
          paddingTop: insets.top,
          paddingRight: insets.right,
          paddingBottom: insets.bottom,
          paddingLeft: insets.left,
        }
      }
    >
      {error ? (
        <p className="notice error">Cannot reach the chat: {error.message}</p>
      ) : status.kind === 'waiting' ? (
        <p className="notice">Waiting for the memories…</p>
      ) : status.kind === 'unreadable' ? (
        <p className="notice">{status.message}</p>
      ) : (
        app && <CardView app={app} initial={status.card} host={host} />
      )}
    </main>
  );
}

function CardView({ app, initial, host }: { app: App; initial: Card; host: McpUiHostContext }) {
  const [card, setCard] = useState(initial);
  const done = useRef<string[]>([]);
  const corrections = useMemo(() => correctionsVia(app), [app]);
  const locale = { locale: host.locale, timeZone: host.timeZone };
  const note = (what: string) => {
    done.current = [...done.current, what];
    reportToModel(app, done.current);
  };
  const dropPage = (page: CardPage) => async () => {
    await corrections.deleteMemory(page.id);
    note(`deleted the memory ${quote(page.userInput)}; do not rely on it`);
    setCard((c) => ({
      ...c,
      pages: c.pages.filter((p) => p.id !== page.id),
      recent: c.recent.filter((p) => p.id !== page.id),
    }));
  };
  const count = card.pages.length + card.recent.length + card.knowledge.length;
  const canToggle = host.availableDisplayModes?.includes(host.displayMode === 'fullscreen' ? 'inline' : 'fullscreen');

  return (
    <>
      <header>
        <div>
          <h1>{card.query === null ? 'What MemoryOS remembers' : 'What MemoryOS remembered'}</h1>
          <p className="sub">
            {card.query === null
              ? `${card.totalPages ?? card.pages.length} conversations stored · latest ${card.pages.length} shown`
              : `for ${quote(card.query, 60)} · ${count} ${count === 1 ? 'memory' : 'memories'}`}
          </p>
        </div>
        {canToggle && (
          <button
            type="button"
            className="icon"
            aria-label={host.displayMode === 'fullscreen' ? 'Exit full screen' : 'Full screen'}
            title={host.displayMode === 'fullscreen' ? 'Exit full screen' : 'Full screen'}
            onClick={() =>
              void app
                .requestDisplayMode({ mode: host.displayMode === 'fullscreen' ? 'inline' : 'fullscreen' })
                .catch(() => undefined)
            }
          >
            {host.displayMode === 'fullscreen' ? '⤡' : '⤢'}
          </button>
        )}
      </header>

      <Section title={card.query === null ? 'Latest conversations' : 'Matched your question'} empty="Nothing matched.">
        {card.pages.map((p) => (
          <PageItem key={p.id} page={p} locale={locale} onDelete={dropPage(p)} />
        ))}
      </Section>
      {card.recent.length > 0 && (
        <Section title="From the latest conversation">
          {card.recent.map((p) => (
            <PageItem key={p.id} page={p} locale={locale} onDelete={dropPage(p)} />
          ))}
        </Section>
      )}
      <Section title="Profile" empty="No profile yet: it is built from your conversations.">
        {card.profile.map((line) => (
          <ProfileLine
            key={line}
            line={line}
            onSave={async (next) => {
              const saved = await corrections.editProfileLine(line, next);
              note(next ? `changed the profile line ${quote(line)} to ${quote(next)}` : `removed ${quote(line)}`);
              setCard((c) => ({ ...c, profile: profileLines(saved) }));
            }}
          />
        ))}
      </Section>
      <Section title="Knowledge" empty="No knowledge entries.">
        {card.knowledge.map((k) => (
          <KnowledgeItem
            key={k.id}
            entry={k}
            onEdit={async (text) => {
              const saved = await corrections.editKnowledge(k.id, text);
              note(`corrected ${quote(k.text)} to ${quote(saved)}`);
              setCard((c) => ({
                ...c,
                knowledge: c.knowledge.map((x) => (x.id === k.id ? { ...x, text: saved } : x)),
              }));
            }}
            onDelete={async () => {
              await corrections.deleteMemory(k.id);
              note(`deleted ${quote(k.text)}; do not rely on it`);
              setCard((c) => ({ ...c, knowledge: c.knowledge.filter((x) => x.id !== k.id) }));
            }}
          />
        ))}
      </Section>
    </>
  );
}

function Section({ title, empty, children }: { title: string; empty?: string; children: ReactNode[] }) {
  return (
    <section>
      <h2>{title}</h2>
      {children.length > 0 ? <ul>{children}</ul> : empty && <p className="empty">{empty}</p>}
    </section>
  );
}
