// The MCP tools: name, description, schemas (shared/tools.ts) and the engine call. Thin on purpose:
// validate, call memory/, shape the result.
import type { z } from 'zod';
import {
  addMemoryInput,
  addMemoryOutput,
  deleteMemoryInput,
  deleteMemoryOutput,
  getUserProfileInput,
  getUserProfileOutput,
  retrieveMemoryInput,
  retrieveMemoryOutput,
  type ToolName,
} from '../../shared/tools.js';
import type { UserMemory } from '../memory/types.js';

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: ToolName;
  title: string;
  description: string;
  input: I;
  output: O;
  readOnly: boolean;
  destructive: boolean;
  run: (memory: UserMemory, args: z.output<I>) => Promise<z.output<O>>;
}

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
];
