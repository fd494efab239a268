import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { keyNameSchema } from './config.js';
import { refusalOf } from './validation.js';

test('every refused field gets its own sentence, named by its path', () => {
  const schema = z.object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    url: z.string().url(),
    mode: z.enum(['a', 'b']),
    name: keyNameSchema,
    origins: z.array(z.string().min(1)),
    limit: z.object({ requests: z.number().int().min(1) }),
  });
  const r = schema.safeParse({
    host: '',
    port: 70000,
    url: 'foo',
    mode: 'c',
    name: 'Bad Name',
    origins: ['ok', ''],
    limit: { requests: 0 },
  });
  assert.ok(!r.success);
  const { fields, message } = refusalOf(r.error);
  assert.deepEqual(fields, {
    host: 'This cannot be empty.',
    port: 'Must be at most 65535.',
    url: 'Must be a full address such as https://example.com.',
    mode: 'Must be one of: a, b.',
    name: 'A key name is 1 to 64 characters of a-z, 0-9, "_" or "-".',
    'origins[1]': 'This cannot be empty.',
    'limit.requests': 'Must be at least 1.',
  });
  assert.match(message, /^host: This cannot be empty\. port: Must be at most 65535\./);
  assert.doesNotMatch(message, /[✖→]|expected string|Invalid input/);
});

test('a missing field says it is required; a wrong type says what was expected', () => {
  const r = z.object({ a: z.string(), b: z.number() }).safeParse({ b: 'x' });
  assert.ok(!r.success);
  assert.deepEqual(refusalOf(r.error).fields, { a: 'This is required.', b: 'Expected a number.' });
});
