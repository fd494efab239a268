// The openai package is loaded on first use, not at start: it is a large module graph (about a
// tenth of `serve`'s start-up), and a store with no model configured never calls it.
import type OpenAI from 'openai';
import type { ClientOptions } from 'openai';

export function lazyOpenAi(options: ClientOptions): () => Promise<OpenAI> {
  let client: Promise<OpenAI> | undefined;
  return () => (client ??= import('openai').then((m) => new m.default(options)));
}
