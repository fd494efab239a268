// Validation failures as sentences a person understands, one per field, from any zod schema: the
// server sends them with its refusals and the dashboard shows each beside its field.
import { z } from 'zod';

export interface Refusal {
  /** One sentence for the whole request (every field's problem, joined). */
  message: string;
  /** Field path ("host", "rate_limit.requests") -> what is wrong with it, as a sentence. */
  fields: Record<string, string>;
}

const sentence = (s: string) => {
  const t = s.trim();
  if (t === '') return t;
  const first = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
};

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod leaves the input out of issues unless asked; its message still says what was received.
      if (issue.input === undefined && /received undefined/.test(issue.message)) return 'this is required';
      return `expected ${issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text' : issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'this cannot be empty' : issue.message;
      if (issue.origin === 'number') return `must be at least ${issue.minimum}`;
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'number') return `must be at most ${issue.maximum}`;
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      return issue.message;
    case 'invalid_format':
      if (issue.format === 'url') return 'must be a full address such as https://example.com';
      // A custom message (a regex with its own explanation) says it better than "invalid string".
      return issue.message.startsWith('Invalid') ? `is not in the expected form (${issue.format})` : issue.message;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown setting${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/** Field path as a string: `rate_limit.requests`, `allowedOrigins[1]`; '' for the request itself. */
export function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc === '' ? String(p) : `${acc}.${String(p)}`;
  }, '');
}

export function refusalOf(error: z.ZodError): Refusal {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = fieldPath(issue.path);
    fields[path] ??= sentence(describe(issue));
  }
  const message = Object.entries(fields)
    .map(([path, text]) => (path === '' ? text : `${path}: ${text}`))
    .join(' ');
  return { message: message || 'The request is not valid.', fields };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (key or value) holding a lone UTF-16 surrogate, or null: such a string has no
 * UTF-8 form, so it cannot be stored as sent.
 */
export function loneSurrogateAt(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || '(body)' : null;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [k, v] of Object.entries(value)) {
    const here = Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    if (LONE_SURROGATE.test(k)) return here;
    const found = loneSurrogateAt(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}
