import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Where the Swagger UI lives (outside the API prefix). */
export const DOCS_PATH = '/api/docs';

type Directives = Record<string, string[]>;

/**
 * helmet's defaults, with this page's Content-Security-Policy. No upgrade-insecure-requests:
 * luodi is served over plain HTTP inside government networks as often as behind TLS, and
 * asking the browser to upgrade would break the former (HSTS is only honoured over HTTPS).
 */
const headers = (directives: Directives) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });

/**
 * The API answers JSON (and a few documents that set their own, stricter policy, like the
 * weekly page): nothing may load, frame or submit.
 */
const apiHeaders = headers({
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
});

/**
 * The Swagger UI: its scripts and stylesheet come from this server, it has inline <style>
 * blocks and style attributes, data: icons, and calls the API from the page ("Try it out").
 */
const docsHeaders = headers({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
});

/**
 * Security headers on every answer (helmet), and `Cache-Control: no-store` on the API's:
 * project data must not sit in shared or browser caches. Handlers may still set their own
 * (the weekly page its hash-based CSP, documents `private, no-store`): theirs come later.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const docs = req.path === DOCS_PATH || req.path.startsWith(`${DOCS_PATH}/`);
  if (!docs) res.setHeader('Cache-Control', 'no-store');
  (docs ? docsHeaders : apiHeaders)(req, res, next);
}
