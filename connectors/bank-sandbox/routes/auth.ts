// Bearer-token authentication: clients by the SHA-256 of their token, the admin by its own token (constant time).
// Tokens are never logged (pino redaction covers headers; these handlers log no header at all).
import type { MiddlewareHandler } from 'hono';
import { sameToken } from '../admin-token.ts';
import { clientByToken } from '../clients-repo.ts';
import type { SandboxDb } from '../db.ts';
import { errorBody, type SandboxEnv } from './http.ts';

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

export function clientAuth(db: SandboxDb): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    const client = token ? clientByToken(db, token) : null;
    if (!client) return c.json(errorBody('AUTH', token ? 'unknown client token' : 'missing Authorization: Bearer <token>'), 401);
    c.set('client', client);
    await next();
  };
}

export function adminAuth(adminToken: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token || !sameToken(token, adminToken)) return c.json(errorBody('AUTH', 'admin routes need the sandbox admin token'), 401);
    await next();
  };
}
