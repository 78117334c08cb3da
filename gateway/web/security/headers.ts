// Security headers on every response: CSP with per-response nonces, nosniff, no framing, no referrer leaks, HSTS under TLS.
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { MiddlewareHandler } from 'hono';
import { BOARD_CSP, isBoardPath } from '../board-paths.ts';

/** ASVS 3.4.1–3.4.6: `object-src 'none'`, `base-uri 'none'`, scripts and styles only with this response's nonce. */
export function securityHeaders(tls: boolean): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: [NONCE],
      styleSrc: [NONCE],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      connectSrc: ["'self'"],
    },
    // One year (ASVS 3.4.1); only meaningful, and only sent, over TLS.
    strictTransportSecurity: tls ? 'max-age=31536000; includeSubDomains' : false,
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
  return async (c, next) => {
    await headers(c, next);
    // bull-board's pages (board.ts) load their own scripts without our nonce: their own policy, same origin only.
    if (isBoardPath(c.req.path)) c.res.headers.set('Content-Security-Policy', BOARD_CSP);
  };
}
