// The ONNX provider: its configuration errors, its missing-package error, what it asks of
// Transformers.js, and — where a model folder and the package exist (MEMORYOS_TEST_ONNX_MODEL) —
// real embeddings. Neither can be downloaded on this project's machine, so that last test skips here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../errors.js';
import { tempDataDir } from '../testing.js';
import { createEmbedder } from './index.js';
import { createOnnxEmbedder } from './onnx.js';

const packageInstalled = await import('@huggingface/transformers' as string).then(
  () => true,
  () => false,
);

function modelFolder(root: string, config: unknown): string {
  const dir = join(root, 'tiny-model');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

test('configuration errors name the setting and what it needs', (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  assert.throws(
    () => createEmbedder({ provider: 'onnx' }),
    (e: Error) => e instanceof InvalidInputError && /EMBEDDING_MODEL_PATH/.test(e.message),
  );
  assert.throws(() => createEmbedder({ provider: 'onnx', modelPath: join(tmp.dir, 'nowhere') }), /does not exist/);
  assert.throws(() => createEmbedder({ provider: 'onnx', modelPath: tmp.dir }), /holds no config\.json/);
  assert.throws(() => createEmbedder({ provider: 'onnx', modelPath: modelFolder(tmp.dir, '{oops') }), /not valid JSON/);
  assert.throws(
    () => createEmbedder({ provider: 'onnx', modelPath: modelFolder(tmp.dir, { model_type: 'bert' }) }),
    /hidden_size/,
  );
  const e = createEmbedder({
    provider: 'onnx',
    modelPath: modelFolder(tmp.dir, { model_type: 'bert', hidden_size: 384 }),
  });
  assert.equal(e.dimensions, 384);
  assert.equal(e.id, 'onnx:tiny-model:384', 'a change of model or size is a change of embedder (re-embedding)');
  assert.equal(
    createEmbedder({ provider: 'onnx', modelPath: modelFolder(tmp.dir, { hidden_size: 384 }), dimensions: 256 })
      .dimensions,
    256,
  );
});

test(
  'without @huggingface/transformers installed, embedding says how to install it',
  { skip: packageInstalled ? 'the package is installed here' : false },
  async (t) => {
    const tmp = tempDataDir();
    t.after(tmp.remove);
    const e = createOnnxEmbedder({ provider: 'onnx', modelPath: modelFolder(tmp.dir, { hidden_size: 8 }) });
    await assert.rejects(
      e.embed(['hello']),
      (err: Error) => err instanceof InvalidInputError && /npm install @huggingface\/transformers/.test(err.message),
    );
    await assert.rejects(e.embed(['hello']), /npm install/, 'a later call tries again');
  },
);

test('asks Transformers.js for the local folder only, mean-pooled and normalised, and checks the size', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const folder = modelFolder(tmp.dir, { hidden_size: 3 });
  const seen: { env?: object; model?: string; options?: object; call?: object } = {};
  const env = { allowRemoteModels: true, allowLocalModels: false, localModelPath: '' };
  let dims = 3;
  const stand = async () => ({
    env,
    async pipeline(_task: 'feature-extraction', model: string, options: { local_files_only: boolean }) {
      seen.model = model;
      seen.options = options;
      return async (texts: string[], call: { pooling: 'mean'; normalize: boolean }) => {
        seen.call = call;
        return { tolist: () => texts.map((_, i) => Array.from({ length: dims }, (_, j) => (i + j) / 10)) };
      };
    },
  });
  const e = createOnnxEmbedder({ provider: 'onnx', modelPath: folder }, stand);
  const vs = await e.embed(['a', 'b']);
  assert.equal(vs.length, 2);
  assert.deepEqual(env, { allowRemoteModels: false, allowLocalModels: true, localModelPath: tmp.dir });
  assert.equal(seen.model, 'tiny-model');
  assert.deepEqual(seen.options, { local_files_only: true });
  assert.deepEqual(seen.call, { pooling: 'mean', normalize: true });
  dims = 4;
  await assert.rejects(e.embed(['c']), /returned 4 dimensions, but 3/);
  assert.deepEqual(await e.embed([]), []);
});

const MODEL = process.env.MEMORYOS_TEST_ONNX_MODEL;
test(
  'a real local sentence model: unit vectors of its size, related sentences closer than unrelated ones',
  {
    skip: !MODEL
      ? 'set MEMORYOS_TEST_ONNX_MODEL to a Transformers.js model folder (e.g. all-MiniLM-L6-v2) to run; none can be downloaded here'
      : !packageInstalled
        ? 'npm install @huggingface/transformers to run'
        : false,
  },
  async () => {
    const e = createEmbedder({ provider: 'onnx', modelPath: MODEL! });
    const [a, b, c] = await e.embed([
      'My sister lives in Lisbon.',
      'Where does my sister live? In Portugal.',
      'The invoice is due on Friday.',
    ]);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    assert.equal(a!.length, e.dimensions);
    assert.ok(Math.abs(dot(a!, a!) - 1) < 1e-3);
    assert.ok(dot(a!, b!) > dot(a!, c!));
  },
);
