// Embeddings from any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, LM Studio).
import type { EmbeddingSettings } from '../../../shared/config.js';
import { InvalidInputError } from '../../errors.js';
import { lazyOpenAi } from '../openAiClient.js';
import type { Embedder } from './types.js';

const BATCH = 64;

function normalise(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function createOpenAiEmbedder(settings: EmbeddingSettings): Embedder {
  const model = settings.model ?? 'text-embedding-3-small';
  const dimensions = settings.dimensions ?? 1536;
  const client = lazyOpenAi({
    apiKey: settings.apiKey ?? 'not-needed-for-local-servers',
    baseURL: settings.baseUrl,
    timeout: 30_000,
    maxRetries: 3,
  });
  const host = settings.baseUrl ? new URL(settings.baseUrl).host : 'api.openai.com';
  return {
    id: `openai:${host}:${model}:${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const res = await (
          await client()
        ).embeddings.create({
          model,
          input: texts.slice(i, i + BATCH),
          encoding_format: 'float',
        });
        for (const item of [...res.data].sort((a, b) => a.index - b.index)) {
          if (item.embedding.length !== dimensions)
            throw new InvalidInputError(
              `the embedding model ${model} returned ${item.embedding.length} dimensions, but ${dimensions} are configured (EMBEDDING_DIMENSIONS)`,
            );
          out.push(normalise(item.embedding));
        }
      }
      return out;
    },
  };
}
