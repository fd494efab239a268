// Text that cannot be stored as it was sent is refused, not changed: a lone UTF-16 surrogate
// (`"\ud800"` in JSON) has no UTF-8 form, so SQLite would keep replacement characters instead and the
// caller would be told its text was stored. Checked once on the parsed body, before anything runs.
import type { RequestHandler } from 'express';
import { loneSurrogateAt } from '../../shared/validation.js';
import { sendError } from '../httpErrors.js';

export function refuseLoneSurrogates(): RequestHandler {
  return (req, res, next) => {
    const at = loneSurrogateAt(req.body);
    if (!at) return next();
    sendError(
      res,
      400,
      'invalid_text',
      `${at} contains an unpaired UTF-16 surrogate (an escape such as \\ud800 without its pair), which is not text ` +
        'and cannot be stored as sent; nothing was changed',
      -32602,
    );
  };
}
