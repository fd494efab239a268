// Chooses the embedder from settings. The embedded hashed one needs nothing; the others are opt-in.
import type { EmbeddingSettings } from '../../../shared/config.js';
import { createHashedEmbedder } from './hashed.js';
import { createOnnxEmbedder } from './onnx.js';
import { createOpenAiEmbedder } from './openai.js';
import type { Embedder } from './types.js';

export function createEmbedder(settings: EmbeddingSettings): Embedder {
  switch (settings.provider) {
    case 'hashed':
      return createHashedEmbedder(settings.dimensions);
    case 'openai':
      return createOpenAiEmbedder(settings);
    case 'onnx':
      return createOnnxEmbedder(settings);
  }
}
