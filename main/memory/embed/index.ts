// Chooses the embedder from settings. The embedded hashed one needs nothing; the others are opt-in.
import type { EmbeddingSettings } from '../../../shared/config.js';
import { InvalidInputError } from '../../errors.js';
import { createHashedEmbedder } from './hashed.js';
import { createOpenAiEmbedder } from './openai.js';
import type { Embedder } from './types.js';

export function createEmbedder(settings: EmbeddingSettings): Embedder {
  switch (settings.provider) {
    case 'hashed':
      return createHashedEmbedder(settings.dimensions);
    case 'openai':
      return createOpenAiEmbedder(settings);
    case 'onnx':
      throw new InvalidInputError(
        'EMBEDDING_PROVIDER=onnx is not available in this build: local ONNX sentence models need the optional @huggingface/transformers package; use "hashed" (default) or "openai" with an OpenAI-compatible server such as Ollama',
      );
  }
}
