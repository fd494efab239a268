// A local ONNX sentence model (e.g. all-MiniLM-L6-v2 exported for Transformers.js) read from a
// folder the user points at with EMBEDDING_MODEL_PATH: config.json, tokenizer files and
// onnx/model.onnx. Nothing is downloaded: remote models are switched off.
//
// @huggingface/transformers is not a dependency of MemoryOS (it brings onnxruntime-node and sharp,
// some 200 MB, for a path most people never use). Whoever chooses this provider installs it next to
// MemoryOS (`npm install @huggingface/transformers`); it is imported on first use, and its absence
// is a clear error, never a crash.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { EmbeddingSettings } from '../../../shared/config.js';
import { InvalidInputError } from '../../errors.js';
import type { Embedder } from './types.js';

/** The part of @huggingface/transformers used here. */
interface Transformers {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(
    task: 'feature-extraction',
    model: string,
    options: { local_files_only: boolean },
  ): Promise<FeatureExtractor>;
}
type FeatureExtractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<{ tolist(): number[][] }>;

/** A variable, so the type checker does not insist on a package that is optional. */
const PACKAGE = '@huggingface/transformers';

/** The model's output size from its config.json (BERT-style hidden_size, or d_model / dim). */
export function modelDimensions(folder: string): number {
  const configFile = join(folder, 'config.json');
  if (!existsSync(configFile))
    throw new InvalidInputError(
      `the model folder ${folder} (EMBEDDING_MODEL_PATH, or embedding.modelPath in the settings) holds no config.json: point it at a Transformers.js model folder (config.json, tokenizer.json, onnx/model.onnx)`,
    );
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InvalidInputError(`${configFile} is not valid JSON: ${(err as Error).message}`);
  }
  const dims = [config.hidden_size, config.d_model, config.dim].find(
    (v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0,
  );
  if (!dims)
    throw new InvalidInputError(
      `${configFile} names no hidden_size: cannot tell the model's vector size; set EMBEDDING_DIMENSIONS`,
    );
  return dims;
}

/**
 * The model folder and the vector size, checked as far as can be without loading the model: the
 * folder exists and says its size. Start-up and the dashboard's Settings both ask this, so a value
 * saved there is one the next start accepts.
 */
export function checkOnnxModel(settings: EmbeddingSettings): { folder: string; dimensions: number } {
  if (!settings.modelPath)
    throw new InvalidInputError(
      'EMBEDDING_PROVIDER=onnx needs EMBEDDING_MODEL_PATH: the folder of a local Transformers.js sentence model',
    );
  const folder = resolve(settings.modelPath);
  if (!existsSync(folder))
    throw new InvalidInputError(
      `the model folder ${folder} (EMBEDDING_MODEL_PATH, or embedding.modelPath in the settings) does not exist`,
    );
  return { folder, dimensions: settings.dimensions ?? modelDimensions(folder) };
}

export function createOnnxEmbedder(
  settings: EmbeddingSettings,
  load: () => Promise<Transformers> = () => import(PACKAGE) as Promise<Transformers>,
): Embedder {
  const { folder, dimensions } = checkOnnxModel(settings);
  let extractor: Promise<FeatureExtractor> | null = null;

  const open = async (): Promise<FeatureExtractor> => {
    let t: Transformers;
    try {
      t = await load();
    } catch (err) {
      throw new InvalidInputError(
        `EMBEDDING_PROVIDER=onnx needs the package ${PACKAGE}, which is not installed: run \`npm install ${PACKAGE}\` where MemoryOS is installed, or use EMBEDDING_PROVIDER=hashed or openai (${(err as Error).message.split('\n')[0]})`,
      );
    }
    t.env.allowRemoteModels = false;
    t.env.allowLocalModels = true;
    t.env.localModelPath = dirname(folder);
    try {
      return await t.pipeline('feature-extraction', basename(folder), { local_files_only: true });
    } catch (err) {
      throw new InvalidInputError(`the ONNX model in ${folder} could not be loaded: ${(err as Error).message}`);
    }
  };

  return {
    id: `onnx:${basename(folder)}:${dimensions}`,
    dimensions,
    async embed(texts) {
      if (texts.length === 0) return [];
      extractor ??= open().catch((err: unknown) => {
        extractor = null; // a later call may find the package installed meanwhile
        throw err;
      });
      const output = await (await extractor)(texts, { pooling: 'mean', normalize: true });
      return output.tolist().map((values) => {
        if (values.length !== dimensions)
          throw new InvalidInputError(
            `the ONNX model in ${folder} returned ${values.length} dimensions, but ${dimensions} are configured (EMBEDDING_DIMENSIONS)`,
          );
        return Float32Array.from(values);
      });
    },
  };
}
