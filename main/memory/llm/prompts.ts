// Prompts for the MemoryOS LLM steps, after the reference implementation's, asking for JSON where
// the answer has structure so that it can be validated.
import type { PageText } from './types.js';

export const render = (pages: PageText[]) =>
  pages.map((p, i) => `[${i + 1}] (${p.timestamp}) User: ${p.user_input}\nAssistant: ${p.agent_response}`).join('\n\n');

export const SYSTEM =
  'You maintain the long-term memory of an AI assistant. Answer exactly in the format asked, without commentary.';

export const continuityPrompt = (prev: PageText, next: PageText) =>
  `Does the second exchange continue the conversation of the first (same topic or a direct follow-up)? Answer "yes" or "no".\n\nFirst:\n${render([prev])}\n\nSecond:\n${render([next])}`;

export const metaInfoPrompt = (prevMeta: string | null, page: PageText) =>
  `Write one line (at most 30 words) describing the conversation chain this exchange belongs to.${prevMeta ? ` The chain so far: "${prevMeta}". Update it with the new exchange.` : ''}\n\n${render([page])}`;

export const summarizePrompt = (pages: PageText[], maxThemes: number) =>
  `Group these exchanges into at most ${maxThemes} themes. Reply with JSON: {"themes":[{"theme":"short title","keywords":["k1","k2"],"content":"two or three sentence summary"}]}\n\n${render(pages)}`;

export const profilePrompt = (existing: string, pages: PageText[]) =>
  `Update the user's profile (personality, preferences, circumstances, goals) with the evidence in these exchanges. Keep what is still true from the existing profile. Reply with the profile text only, or "none" if nothing is known.\n\nExisting profile:\n${existing || 'none'}\n\nExchanges:\n${render(pages)}`;

export const knowledgePrompt = (pages: PageText[]) =>
  `Extract (a) private facts about the user and (b) knowledge the assistant stated, each as short standalone sentences. Reply with JSON: {"user":["..."],"assistant":["..."]}\n\n${render(pages)}`;
