// The LLM steps against a real OpenAI-compatible HTTP server on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llmSettingsSchema, memorySettingsSchema } from '../../../shared/config.js';
import { createOpenAiEmbedder } from '../embed/openai.js';
import { openTestService, tempDataDir } from '../testing.js';
import { createMemoryLlm } from './index.js';
import { startFakeOpenAi } from './testing/fakeOpenAi.js';

const page = (text: string) => ({
  user_input: text,
  agent_response: 'Sounds good.',
  timestamp: '2025-05-01T10:00:00Z',
});
const settings = (baseUrl: string, extra = {}) =>
  llmSettingsSchema.parse({
    baseUrl,
    apiKey: 'test-key',
    model: 'local-model',
    timeoutMs: 2000,
    maxRetries: 2,
    ...extra,
  });

test('each step asks the configured model at the configured base URL and validates its answer', async (t) => {
  const fake = await startFakeOpenAi();
  t.after(fake.close);
  fake.chat = (req) => {
    const prompt = req.messages[1]!.content;
    if (prompt.startsWith('Does the second')) return { content: 'Yes.' };
    if (prompt.startsWith('Group these'))
      return {
        content: '{"themes":[{"theme":"Hiking","keywords":["alps","trail"],"content":"The user hikes in the Alps."}]}',
      };
    if (prompt.startsWith('Extract')) return { content: '{"user":["The user hikes."],"assistant":[]}' };
    if (prompt.startsWith('Update the user')) return { content: 'Enjoys hiking in the Alps every summer.' };
    return { content: 'Hiking plans in the Alps' };
  };
  const llm = createMemoryLlm(settings(fake.baseUrl));
  assert.equal(llm.usesModel, true);
  assert.deepEqual(await llm.continuity(page('I hike'), page('The Alps trail')), { value: true, source: 'llm' });
  assert.equal((await llm.summarize([page('I hike in the Alps')], 2)).value[0]!.theme, 'Hiking');
  assert.deepEqual((await llm.knowledge([page('I hike')])).value, { user: ['The user hikes.'], assistant: [] });
  assert.equal((await llm.profile('', [page('I hike')])).source, 'llm');
  assert.equal((await llm.metaInfo(null, page('I hike'))).value, 'Hiking plans in the Alps');
  assert.ok(fake.requests.every((r) => r.path === '/v1/chat/completions' && r.body.model === 'local-model'));
  assert.equal(
    fake.requests.find((r) => r.body.messages[1]!.content.startsWith('Group'))!.body.response_format?.type,
    'json_object',
  );
});

test('429 then success: retried with backoff, honouring Retry-After', async (t) => {
  const fake = await startFakeOpenAi();
  t.after(fake.close);
  fake.chat = (_req, n) => (n === 1 ? { status: 429, retryAfter: 0 } : { content: 'no' });
  const llm = createMemoryLlm(settings(fake.baseUrl));
  assert.deepEqual(await llm.continuity(page('a'), page('b')), { value: false, source: 'llm' });
  assert.equal(fake.requests.length, 2);
});

test('errors that outlast the retries, garbage, invalid JSON and timeouts fall back, never into memory', async (t) => {
  const fake = await startFakeOpenAi();
  t.after(fake.close);
  const warnings: string[] = [];
  const log = (_l: string, msg: string) => void warnings.push(msg);
  fake.chat = () => ({ status: 500 });
  const failing = createMemoryLlm(settings(fake.baseUrl, { maxRetries: 1 }), log);
  const themes = await failing.summarize([page('I love hiking in the Alps every summer.')], 2);
  assert.equal(themes.source, 'fallback');
  assert.ok(!JSON.stringify(themes.value).match(/error|injected/i));
  assert.equal(fake.requests.length, 2, 'one try and one retry');

  fake.chat = () => ({ content: 'Sure! Here are the themes: none' });
  assert.equal((await createMemoryLlm(settings(fake.baseUrl), log).summarize([page('x y z')], 2)).source, 'fallback');
  fake.chat = () => ({ content: '{"themes": "not a list"}' });
  assert.equal(
    (await createMemoryLlm(settings(fake.baseUrl), log).knowledge([page('x')])).source,
    'fallback',
    'an answer of the wrong shape',
  );
  fake.chat = () => ({ content: '{"user": ["The user likes tea."]}' });
  assert.deepEqual(
    (await createMemoryLlm(settings(fake.baseUrl), log).knowledge([page('x')])).value,
    { user: ['The user likes tea.'], assistant: [] },
    'a partial answer is completed',
  );
  fake.chat = () => ({ content: 'maybe' });
  assert.equal(
    (await createMemoryLlm(settings(fake.baseUrl), log).continuity(page('a'), page('b'))).source,
    'fallback',
  );
  fake.chat = () => ({ status: 200, raw: '{not json' });
  assert.equal((await createMemoryLlm(settings(fake.baseUrl), log).metaInfo(null, page('a'))).source, 'fallback');
  fake.chat = () => ({ content: 'yes' });
  fake.delayMs = 1500;
  const started = Date.now();
  const slow = await createMemoryLlm(settings(fake.baseUrl, { timeoutMs: 200, maxRetries: 0 }), log).continuity(
    page('a'),
    page('b'),
  );
  assert.equal(slow.source, 'fallback', 'a model slower than the timeout');
  assert.ok(Date.now() - started < 1400, 'the step gave up at its timeout instead of waiting for the answer');
  assert.equal(
    warnings.length,
    6,
    'each failed step logged once: 500, prose, wrong shape, not yes/no, broken JSON, timeout',
  );
  assert.ok(
    warnings.every((w) => !w.includes('test-key')),
    'the API key is never logged',
  );
});

test('with a model configured, the whole engine cycle uses it, and falls back without storing errors', async (t) => {
  const fake = await startFakeOpenAi();
  t.after(fake.close);
  fake.chat = (req) => {
    const prompt = req.messages[1]!.content;
    if (prompt.startsWith('Group these'))
      return {
        content:
          '{"themes":[{"theme":"Cooking","keywords":["pasta","recipe"],"content":"LLM-SUMMARY: the user cooks pasta."}]}',
      };
    if (prompt.startsWith('Update the user')) return { status: 503 };
    if (prompt.startsWith('Extract'))
      return { content: '{"user":["LLM-FACT: the user cooks pasta weekly."],"assistant":[]}' };
    if (prompt.startsWith('Does the second')) return { content: 'yes' };
    return { content: 'Cooking conversation' };
  };
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir, {
    llm: settings(fake.baseUrl, { maxRetries: 0 }),
    memory: memorySettingsSchema.parse({ shortTermCapacity: 2, midTermHeatThreshold: 1 }),
  });
  const mem = svc.forUser('cook');
  for (const text of [
    'I cook pasta every Sunday for my family.',
    'My favourite recipe is carbonara.',
    'I am learning to make fresh pasta by hand.',
    'I bought a pasta machine.',
  ]) {
    await mem.add({ user_input: text, agent_response: 'Delicious!', memory_type: 'conversation', tags: [] });
  }
  await mem.drain();
  const segments = (await mem.listSegments()).items;
  assert.ok(segments.some((s) => s.summary.startsWith('LLM-SUMMARY')));
  const profile = await mem.profile({ include_knowledge: true, include_history: true });
  assert.ok(profile.user_knowledge.some((k) => k.text.startsWith('LLM-FACT')));
  assert.ok(!JSON.stringify(profile).match(/injected|503|error/i), 'the failed profile step fell back');
  await svc.close();
});

test('the OpenAI-compatible embedder batches, normalises and checks dimensions', async (t) => {
  const fake = await startFakeOpenAi();
  t.after(fake.close);
  const e = createOpenAiEmbedder({
    provider: 'openai',
    baseUrl: fake.baseUrl,
    model: 'embed-model',
    dimensions: 8,
    apiKey: 'k',
  });
  const vs = await e.embed(['a', 'bb', 'ccc']);
  assert.equal(vs.length, 3);
  for (const v of vs) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
  assert.match(e.id, /embed-model:8$/);
  assert.equal(fake.requests[0]!.body.model, 'embed-model');
  const wrong = createOpenAiEmbedder({
    provider: 'openai',
    baseUrl: fake.baseUrl,
    model: 'embed-model',
    dimensions: 16,
    apiKey: 'k',
  });
  await assert.rejects(wrong.embed(['a']), /returned 8 dimensions/);
});
