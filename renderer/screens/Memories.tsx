// One person's memory, as they think of it: what was said, day by day (their own first), a search
// that says why each hit matched, what was learned and the profile; export and import.
import { useState } from 'react';
import { Tab, TabList, TabPanel, TabProvider } from '@ariakit/react';
import type { MemoryCounts } from '../../shared/memory.js';
import { useChannel } from '../api/queries.js';
import { SelectField } from '../components/Field.js';
import { Loaded, plural } from '../components/State.js';
import { useNavigation } from '../navigation.js';
import { SearchForm, SearchResults } from './MemorySearch.js';
import { Knowledge, Profile, Topics } from './MemoryTabs.js';
import { Timeline } from './Timeline.js';
import { Transfer } from './Transfer.js';

const TABS = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'topics', label: 'Topics' },
  { id: 'knowledge', label: 'Facts' },
  { id: 'profile', label: 'Profile' },
] as const;

function Summary({ c }: { c: MemoryCounts }) {
  const facts = c.user_knowledge + c.assistant_knowledge;
  return (
    <p className="muted memory-summary" data-testid="memory-summary">
      {plural(c.short_term + c.mid_term_pages, 'exchange')} remembered · {plural(c.segments, 'topic')} ·{' '}
      {plural(facts, 'fact')} learned
      {c.queued_jobs ? ` · ${plural(c.queued_jobs, 'exchange')} still being sorted into topics` : ''}
      {c.vectors_pending ? ` · updating search for the new embedding model: ${c.vectors_pending} left` : ''}
    </p>
  );
}

function Store({ user, counts }: { user: string; counts?: MemoryCounts }) {
  const [query, setQuery] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null | undefined>('timeline');
  return (
    <>
      {counts && <Summary c={counts} />}
      <SearchForm onSearch={setQuery} onClear={() => setQuery(null)} active={query !== null} />
      {query !== null ? (
        <section aria-label={`Search results for ${query}`}>
          <SearchResults user={user} query={query} />
        </section>
      ) : (
        <TabProvider selectedId={tab} setSelectedId={setTab}>
          <TabList aria-label="Views of this memory" className="tabs">
            {TABS.map((t) => (
              <Tab key={t.id} id={t.id} className="tab">
                {t.label}
              </Tab>
            ))}
          </TabList>
          <TabPanel tabId="timeline" className="panel" unmountOnHide>
            <Timeline user={user} />
          </TabPanel>
          <TabPanel tabId="topics" className="panel" unmountOnHide>
            <Topics user={user} />
          </TabPanel>
          <TabPanel tabId="knowledge" className="panel" unmountOnHide>
            <Knowledge user={user} />
          </TabPanel>
          <TabPanel tabId="profile" className="panel" unmountOnHide>
            <Profile user={user} />
          </TabPanel>
        </TabProvider>
      )}
    </>
  );
}

export function Memories() {
  const users = useChannel('memory.users', {});
  const me = useChannel('session.me', {}, { staleTime: Infinity });
  const [picked, setPicked] = useState<string | null>(null);
  const { go } = useNavigation();
  return (
    <section aria-labelledby="memories-h" className="screen">
      <h1 id="memories-h" tabIndex={-1}>
        Memories
      </h1>
      <Loaded
        query={users}
        isEmpty={(u) => u.length === 0}
        empty={
          <p>
            No memories yet. Each API key keeps its own memory.{' '}
            <button type="button" className="link" onClick={() => go('connect')}>
              Connect a client
            </button>{' '}
            and tell it something worth remembering.
          </p>
        }
      >
        {(list) => {
          if (me.data === undefined && !me.isError)
            return (
              <p className="muted" aria-busy="true">
                Loading…
              </p>
            );
          const mine = me.data?.name ?? null;
          // The signed-in key's own memory first, then the others by name. It opens on that memory
          // when it holds anything, else on the fullest one: an admin key usually remembers nothing
          // itself, and an empty page said "Nothing remembered yet" beside clients' memories.
          const ordered = [...list].sort((a, b) => Number(b.user === mine) - Number(a.user === mine));
          const size = (c: MemoryCounts) => c.short_term + c.mid_term_pages + c.user_knowledge + c.assistant_knowledge;
          const own = list.find((u) => u.user === mine);
          const fullest = [...list].sort((a, b) => size(b.counts) - size(a.counts))[0]!;
          const user =
            picked ?? (own && (size(own.counts) > 0 || size(fullest.counts) === 0) ? own.user : fullest.user);
          return (
            <>
              <div className="memory-bar">
                <SelectField
                  label="Whose memories"
                  value={user}
                  onChange={setPicked}
                  options={ordered.map((u) => ({ value: u.user, label: u.user === mine ? `${u.user} (you)` : u.user }))}
                />
                <Transfer key={user} user={user} />
              </div>
              <Store key={user} user={user} counts={list.find((u) => u.user === user)?.counts} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
