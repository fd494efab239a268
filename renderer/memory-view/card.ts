// What the card shows, read from a tool result the host passes in: a retrieve_memory result (what was
// remembered for a question) or a show_memory result (what is remembered). The host is not trusted
// to pass the right shape: anything else reads as null and the view says it cannot show it.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MATCHES_META_KEY, matchesSchema, type Match } from '../../shared/memoryView.js';
import { profileLines } from '../../shared/profileLines.js';
import { retrieveMemoryOutput, showMemoryOutput } from '../../shared/tools.js';

export interface CardPage {
  id: string;
  userInput: string;
  agentResponse: string;
  timestamp: string;
  tier: 'short' | 'mid';
  tags: string[];
  match: Match | null;
}

export interface CardKnowledge {
  id: string;
  kind: 'user' | 'assistant';
  text: string;
  createdAt: string;
  match: Match | null;
}

export interface Card {
  /** The question the memories were retrieved for; null for the overview of show_memory. */
  query: string | null;
  /** Pages that matched the question (retrieve_memory), or the latest pages (show_memory). */
  pages: CardPage[];
  /** retrieve_memory: the latest conversation, returned whatever the question (minus matched pages). */
  recent: CardPage[];
  totalPages: number | null;
  profile: string[];
  knowledge: CardKnowledge[];
}

type PageLike = {
  memory_id: string;
  user_input: string;
  agent_response: string;
  timestamp: string;
  tier: 'short' | 'mid';
  tags: string[];
};

const page = (p: PageLike, match: Match | null = null): CardPage => ({
  id: p.memory_id,
  userInput: p.user_input,
  agentResponse: p.agent_response,
  timestamp: p.timestamp,
  tier: p.tier,
  tags: p.tags,
  match,
});

export function cardOf(result: CallToolResult): Card | null {
  if (result.isError) return null;
  const retrieved = retrieveMemoryOutput.safeParse(result.structuredContent);
  if (retrieved.success) {
    const r = retrieved.data;
    const parsedMatches = matchesSchema.safeParse(result._meta?.[MATCHES_META_KEY]);
    const matches = parsedMatches.success ? parsedMatches.data : {};
    const matched = new Set(r.retrieved_pages.map((p) => p.memory_id));
    return {
      query: r.query,
      pages: r.retrieved_pages.map((p) => page(p, matches[p.memory_id] ?? null)),
      recent: r.short_term_memory.filter((p) => !matched.has(p.memory_id)).map((p) => page(p)),
      totalPages: null,
      profile: profileLines(r.user_profile),
      knowledge: [...r.retrieved_user_knowledge, ...r.retrieved_assistant_knowledge].map((k) => ({
        id: k.id,
        kind: k.kind,
        text: k.text,
        createdAt: k.created_at,
        match: matches[k.id] ?? null,
      })),
    };
  }
  const shown = showMemoryOutput.safeParse(result.structuredContent);
  if (!shown.success) return null;
  const s = shown.data;
  return {
    query: null,
    pages: s.recent_pages.map((p) => page(p)),
    recent: [],
    totalPages: s.total_pages,
    profile: profileLines(s.profile),
    knowledge: [...s.user_knowledge, ...s.assistant_knowledge].map((k) => ({
      id: k.id,
      kind: k.kind,
      text: k.text,
      createdAt: k.created_at,
      match: null,
    })),
  };
}
