// The MCP tools: name, description, schemas (shared/tools.ts) and the engine call. Thin on purpose:
// validate, call memory/, shape the result. `ui` links a tool to the memory view (MCP Apps): the
// view opens on its result, and tools only the view calls are hidden from the model.
import type { z } from 'zod';
import { MATCHES_META_KEY, MEMORY_VIEW_URI } from '../../shared/memoryView.js';
import {
  addMemoryInput,
  addMemoryOutput,
  deleteMemoryInput,
  deleteMemoryOutput,
  editProfileLineInput,
  editProfileLineOutput,
  getUserProfileInput,
  getUserProfileOutput,
  retrieveMemoryInput,
  retrieveMemoryOutput,
  showMemoryInput,
  showMemoryOutput,
  updateKnowledgeInput,
  updateKnowledgeOutput,
  type ToolName,
} from '../../shared/tools.js';
import type { UserMemory } from '../memory/types.js';
import { matchReasons } from './matchReasons.js';
import { editProfileLine, showMemory } from './viewTools.js';

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: ToolName;
  title: string;
  description: string;
  input: I;
  output: O;
  readOnly: boolean;
  destructive: boolean;
  run: (memory: UserMemory, args: z.output<I>) => Promise<z.output<O>>;
  ui?: ToolUiMeta;
  /** Extra `_meta` of a result, for the view; content and structuredContent stay the tool's own. */
  resultMeta?: (result: z.output<O>) => Record<string, unknown>;
}

/**
 * The extension's McpUiToolMeta (spec 2026-01-26), spelled out: its type declarations use extensionless
 * relative imports that NodeNext resolution cannot follow.
 */
interface ToolUiMeta {
  resourceUri?: string;
  /** Default ["model", "app"]; ["app"] hides the tool from the model. */
  visibility?: ('model' | 'app')[];
}

const OPENS_VIEW: ToolUiMeta = { resourceUri: MEMORY_VIEW_URI };
const VIEW_ONLY: ToolUiMeta = { visibility: ['app'] };

const define = <I extends z.ZodType, O extends z.ZodType>(d: ToolDefinition<I, O>) => d as unknown as ToolDefinition;

export const TOOLS: ToolDefinition[] = [
  define({
    name: 'add_memory',
    title: 'Add memory',
    description:
      "Store one exchange (what the user said and what the assistant answered) in the user's long-term memory. Call it after exchanges worth remembering: facts about the user, preferences, decisions, plans.",
    input: addMemoryInput,
    output: addMemoryOutput,
    readOnly: false,
    destructive: false,
    run: (m, a) => m.add(a),
  }),
  define({
    name: 'retrieve_memory',
    title: 'Retrieve memory',
    description:
      "Search the user's memory for what is relevant to a query: returns the user profile, recent exchanges, the most relevant past exchanges and known facts, with scores and timestamps.",
    input: retrieveMemoryInput,
    output: retrieveMemoryOutput,
    readOnly: true,
    destructive: false,
    run: (m, a) => m.retrieve(a),
    ui: OPENS_VIEW,
    resultMeta: (r) => ({ [MATCHES_META_KEY]: matchReasons(r) }),
  }),
  define({
    name: 'get_user_profile',
    title: 'Get user profile',
    description:
      'The profile MemoryOS has built of the user, with the facts it knows about the user and the knowledge the assistant has shared.',
    input: getUserProfileInput,
    output: getUserProfileOutput,
    readOnly: true,
    destructive: false,
    run: (m, a) => m.profile(a),
  }),
  define({
    name: 'delete_memory',
    title: 'Delete memory',
    description: 'Delete one stored exchange or knowledge entry by its id, from every tier and index.',
    input: deleteMemoryInput,
    output: deleteMemoryOutput,
    readOnly: false,
    destructive: true,
    run: (m, a) => m.delete(a.memory_id),
  }),
  define({
    name: 'show_memory',
    title: 'Show memory',
    description:
      'Show the user what MemoryOS remembers about them: the latest exchanges, their profile and the knowledge entries. Call it when the user asks what you remember about them; clients with MCP Apps show it as a card where the user can correct their memory.',
    input: showMemoryInput,
    output: showMemoryOutput,
    readOnly: true,
    destructive: false,
    run: showMemory,
    ui: OPENS_VIEW,
  }),
  define({
    name: 'update_knowledge',
    title: 'Correct a knowledge entry',
    description: 'Replace the text of one knowledge entry. Called by the memory view when the user corrects an entry.',
    input: updateKnowledgeInput,
    output: updateKnowledgeOutput,
    readOnly: false,
    destructive: true,
    run: async (m, a) => ({ status: 'success' as const, knowledge: await m.updateKnowledge(a.knowledge_id, a.text) }),
    ui: VIEW_ONLY,
  }),
  define({
    name: 'edit_profile_line',
    title: 'Correct a profile line',
    description:
      "Rewrite or remove one line of the user's profile; earlier versions are kept. Called by the memory view when the user corrects their profile.",
    input: editProfileLineInput,
    output: editProfileLineOutput,
    readOnly: false,
    destructive: false,
    run: editProfileLine,
    ui: VIEW_ONLY,
  }),
];
