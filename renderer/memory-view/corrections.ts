// Corrections from the card, as calls to the server's tools through the host (callServerTool): the
// host forwards them on its own connection, so the same key, session and per-user isolation apply.
import type { App } from '@modelcontextprotocol/ext-apps';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { deleteMemoryOutput, editProfileLineOutput, updateKnowledgeOutput } from '../../shared/tools.js';

async function call<T extends z.ZodType>(
  app: App,
  name: string,
  args: Record<string, unknown>,
  output: T,
): Promise<z.output<T>> {
  const result: CallToolResult = await app.callServerTool({ name, arguments: args });
  if (result.isError) {
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
    throw new Error(text || `${name} failed`);
  }
  const parsed = output.safeParse(result.structuredContent);
  if (!parsed.success) throw new Error(`${name} answered something this view does not understand`);
  return parsed.data;
}

export interface Corrections {
  deleteMemory(id: string): Promise<void>;
  /** Resolves with the entry's text as saved. */
  editKnowledge(id: string, text: string): Promise<string>;
  /** Resolves with the profile as saved; an empty `newLine` removes the line. */
  editProfileLine(oldLine: string, newLine: string): Promise<string>;
}

export function correctionsVia(app: App): Corrections {
  return {
    deleteMemory: async (id) => {
      await call(app, 'delete_memory', { memory_id: id }, deleteMemoryOutput);
    },
    editKnowledge: async (id, text) =>
      (await call(app, 'update_knowledge', { knowledge_id: id, text }, updateKnowledgeOutput)).knowledge.text,
    editProfileLine: async (oldLine, newLine) =>
      (await call(app, 'edit_profile_line', { old_line: oldLine, new_line: newLine }, editProfileLineOutput)).profile,
  };
}

/**
 * Tells the model what the user corrected, so it stops relying on what it was given before. Each
 * update replaces the previous one (the extension's rule), so it carries every correction so far.
 */
export function reportToModel(app: App, done: string[]): void {
  if (!app.getHostCapabilities()?.updateModelContext || done.length === 0) return;
  const text = `In the MemoryOS memory view the user corrected their memory:\n${done.map((d) => `- ${d}`).join('\n')}`;
  app.updateModelContext({ content: [{ type: 'text', text }] }).catch(() => undefined);
}
