// /ui: the built dashboard (dist/renderer), with a strict Content-Security-Policy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { sendError } from '../httpErrors.js';

export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function uiRouter(distDir: string, bundleFile?: string): Router {
  const r = Router();
  r.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    next();
  });
  // The Claude Desktop bundle (no secret inside: Claude Desktop asks for the key when installing it).
  if (bundleFile)
    r.get('/memoryos.mcpb', (_req, res) => {
      if (!existsSync(bundleFile))
        return sendError(res, 404, 'bundle_not_built', 'the Claude Desktop bundle is not built: run "npm run build"');
      res.download(bundleFile, 'memoryos.mcpb');
    });
  r.use(
    express.static(distDir, {
      index: 'index.html',
      fallthrough: true,
      maxAge: '1h',
      setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  r.get('/{*rest}', (_req, res) => {
    const index = join(distDir, 'index.html');
    if (existsSync(index)) return res.setHeader('Cache-Control', 'no-cache').sendFile(index);
    sendError(
      res,
      503,
      'dashboard_not_built',
      'the dashboard is not built: run "npm run build" (or "npm run build:renderer")',
    );
  });
  return r;
}
