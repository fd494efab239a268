// The MemoryOS LLM steps through any OpenAI-compatible chat endpoint (OpenAI, Ollama, LM Studio),
// with the offline fallbacks behind every call: no model configured, a timeout, retries exhausted
// or an answer that does not validate all lead to the fallback, never to an error stored as memory.
import { z } from 'zod';
import type { LlmSettings } from '../../../shared/config.js';
import { lazyOpenAi } from '../openAiClient.js';
import * as fallback from './fallback.js';
import * as prompts from './prompts.js';
import type { MemoryLlm, PageText, StepSource } from './types.js';

export type LlmLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

const themesSchema = z.object({
  themes: z
    .array(
      z.object({ theme: z.string().min(1), keywords: z.array(z.string()).default([]), content: z.string().min(1) }),
    )
    .min(1),
});
const knowledgeSchema = z
  .object({ user: z.array(z.string()).optional(), assistant: z.array(z.string()).optional() })
  .refine(
    (k) => k.user !== undefined || k.assistant !== undefined,
    'the answer names neither user nor assistant knowledge',
  )
  .transform((k) => ({ user: k.user ?? [], assistant: k.assistant ?? [] }));

function parseJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the answer holds no JSON object');
  return JSON.parse(text.slice(start, end + 1));
}

export function createMemoryLlm(settings: LlmSettings, log: LlmLog = () => {}): MemoryLlm {
  const usesModel = Boolean(settings.apiKey || settings.baseUrl);
  const client = usesModel
    ? lazyOpenAi({
        apiKey: settings.apiKey ?? 'not-needed-for-local-servers',
        baseURL: settings.baseUrl,
        timeout: settings.timeoutMs,
        maxRetries: settings.maxRetries,
      })
    : null;

  async function step<T>(
    name: string,
    prompt: string,
    json: boolean,
    parse: (text: string) => T,
    offline: () => T,
  ): Promise<{ value: T; source: StepSource }> {
    if (!client) return { value: offline(), source: 'fallback' };
    try {
      const res = await (
        await client()
      ).chat.completions.create({
        model: settings.model,
        temperature: 0,
        messages: [
          { role: 'system', content: prompts.SYSTEM },
          { role: 'user', content: prompt },
        ],
        ...(json ? { response_format: { type: 'json_object' as const } } : {}),
      });
      const text = res.choices[0]?.message?.content?.trim();
      if (!text) throw new Error('empty answer');
      return { value: parse(text), source: 'llm' };
    } catch (err) {
      log('warn', `LLM step "${name}" failed; using the offline fallback`, {
        error: (err as Error).message,
        model: settings.model,
      });
      return { value: offline(), source: 'fallback' };
    }
  }

  return {
    usesModel,
    continuity: (prev: PageText, next: PageText) =>
      step(
        'continuity',
        prompts.continuityPrompt(prev, next),
        false,
        (t) => {
          if (/^\W*yes\b/i.test(t)) return true;
          if (/^\W*no\b/i.test(t)) return false;
          throw new Error(`not a yes/no answer: ${t.slice(0, 40)}`);
        },
        () => fallback.continuity(prev, next),
      ),
    metaInfo: (prevMeta, page) =>
      step(
        'meta_info',
        prompts.metaInfoPrompt(prevMeta, page),
        false,
        (t) => {
          const line = t.split('\n')[0]!.trim();
          if (line.length < 3 || line.length > 400) throw new Error('meta info out of bounds');
          return line;
        },
        () => fallback.metaInfo(prevMeta, page),
      ),
    summarize: (pages, maxThemes) =>
      step(
        'summarize',
        prompts.summarizePrompt(pages, maxThemes),
        true,
        (t) => themesSchema.parse(parseJson(t)).themes.slice(0, maxThemes),
        () => fallback.summarize(pages, maxThemes),
      ),
    profile: (existing, pages) =>
      step(
        'profile',
        prompts.profilePrompt(existing, pages),
        false,
        (t) => t,
        () => fallback.profile(existing, pages),
      ),
    knowledge: (pages) =>
      step(
        'knowledge',
        prompts.knowledgePrompt(pages),
        true,
        (t) => knowledgeSchema.parse(parseJson(t)),
        () => fallback.knowledge(pages),
      ),
  };
}
