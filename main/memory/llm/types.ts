// The LLM steps of MemoryOS. Each has a deterministic offline fallback, used when no model is
// configured or when a call fails after its retries; nothing here ever returns an error text as content.

export interface PageText {
  user_input: string;
  agent_response: string;
  timestamp: string;
  meta_info?: string | null;
}

export interface Theme {
  theme: string;
  keywords: string[];
  content: string;
}

export type StepSource = 'llm' | 'fallback';

export interface MemoryLlm {
  /** True when a model is configured (the steps may still fall back per call). */
  readonly usesModel: boolean;
  /** Does `next` continue the conversation of `prev`? */
  continuity(prev: PageText, next: PageText): Promise<{ value: boolean; source: StepSource }>;
  /** One line describing the conversation chain `page` belongs to, given the chain's previous meta. */
  metaInfo(prevMeta: string | null, page: PageText): Promise<{ value: string; source: StepSource }>;
  /** At most `maxThemes` themes for a batch of pages. */
  summarize(pages: PageText[], maxThemes: number): Promise<{ value: Theme[]; source: StepSource }>;
  /** The user's profile merged from the existing text and new evidence. */
  profile(existing: string, pages: PageText[]): Promise<{ value: string; source: StepSource }>;
  /** Private facts about the user and knowledge the assistant showed, as short sentences. */
  knowledge(pages: PageText[]): Promise<{ value: { user: string[]; assistant: string[] }; source: StepSource }>;
}
