// DNS-rebinding protection, as the MCP transport spec asks: the Host header must name this server
// (TRUSTED_HOSTS; loopback names by default when bound to loopback), and a browser Origin, when
// present, must be allowed (ALLOWED_ORIGINS; loopback origins by default).
import type { RequestHandler } from 'express';
import { isLoopbackHost } from '../../shared/addresses.js';
import { sendError } from '../httpErrors.js';

/** The name in a Host header, or null when the header is not `name[:port]` exactly. */
function hostName(hostHeader: string): string | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(:\d{1,5})?$/.exec(hostHeader.trim().toLowerCase());
  return m ? m[1]!.replace(/\.$/, '') : null;
}

function matches(name: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return name.endsWith(p.slice(1)) && name.length > p.length - 1;
  return name === p;
}

function hostAllowed(hostHeader: string | undefined, trusted: string[], boundHost: string): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  if (name === null) return false;
  if (trusted.length > 0) return trusted.some((p) => matches(name, p));
  // No list: a loopback-bound server only answers to loopback names; an exposed one to any host.
  return isLoopbackHost(boundHost) ? isLoopbackHost(name) : true;
}

export function originAllowed(origin: string, allowed: string[]): boolean {
  if (allowed.includes('*')) return true;
  if (allowed.length > 0) return allowed.some((a) => a.replace(/\/$/, '').toLowerCase() === origin.toLowerCase());
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

export function hostCheck(trusted: string[], boundHost: string): RequestHandler {
  return (req, res, next) => {
    if (hostAllowed(req.headers.host, trusted, boundHost)) return next();
    sendError(
      res,
      421,
      'host_not_allowed',
      `the Host header "${String(req.headers.host ?? '').slice(0, 100)}" is not one this server answers to; add it to TRUSTED_HOSTS`,
    );
  };
}

export function originCheck(allowed: string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin || (origin !== 'null' && originAllowed(origin, allowed))) return next();
    sendError(
      res,
      403,
      'origin_not_allowed',
      `requests from the origin "${String(origin).slice(0, 100)}" are not allowed; add it to ALLOWED_ORIGINS`,
    );
  };
}
