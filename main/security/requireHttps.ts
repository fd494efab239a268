// REQUIRE_HTTPS: plain-HTTP requests are refused. Behind a TLS-terminating proxy the request counts
// as HTTPS only when the proxy is trusted (TRUST_PROXY) and says so in X-Forwarded-Proto; express's
// req.secure applies exactly that rule once "trust proxy" is configured.
import type { RequestHandler } from 'express';
import { sendError } from '../httpErrors.js';

export function requireHttps(enabled: boolean): RequestHandler {
  return (req, res, next) => {
    if (!enabled || req.secure) return next();
    sendError(
      res,
      403,
      'https_required',
      'this server only accepts HTTPS (REQUIRE_HTTPS=true); use https:// through the configured proxy',
    );
  };
}
