// The names a config file may use: the config schema's own (camelCase, nested as in settings.json).
// A name the schema does not know was silently dropped before, so `{"rate_limit_requests": 5}`
// started with the default limit; now it stops start-up naming the setting that was probably meant.
import { z } from 'zod';
import { serverConfigSchema } from '../../shared/config.js';

/** Wrappers that do not change which names an object takes. */
function inner(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
      s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

/** Every settable path, e.g. "rateLimit.requests" ("apiKeys" and other lists as a whole). */
export function knownPaths(schema: z.ZodType = serverConfigSchema, prefix = ''): string[] {
  const s = inner(schema);
  if (!(s instanceof z.ZodObject)) return [prefix];
  return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([name, child]) =>
    knownPaths(child, prefix ? `${prefix}.${name}` : name),
  );
}

/** Names in `raw` that no setting has, as paths ("memory.short_term_capacity"). */
export function unknownPaths(raw: unknown, schema: z.ZodType = serverConfigSchema, prefix = ''): string[] {
  const s = inner(schema);
  if (!(s instanceof z.ZodObject) || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const shape = s.shape as Record<string, z.ZodType>;
  return Object.entries(raw as Record<string, unknown>).flatMap(([name, value]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return Object.hasOwn(shape, name) ? unknownPaths(value, shape[name]!, path) : [path];
  });
}

const squashed = (path: string) => path.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The known path a mistyped one most likely means (RATE_LIMIT_REQUESTS, rate_limit.requests → rateLimit.requests). */
export function meant(path: string, known = knownPaths()): string | undefined {
  const s = squashed(path);
  return known.find((k) => squashed(k) === s) ?? known.find((k) => squashed(k).endsWith(s) && s.length >= 4);
}
