// Server-side role checks for pages and API routes (ASVS 8.2.1): a refused call is audited and answered 403.
import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { refuse } from './refuse.ts';

/** Users, configuration, queue actions: administrators only. */
export function adminOnly(d: Pick<WebDeps, 'store'>): MiddlewareHandler<WebEnv> {
  return async (c, next) => (c.get('user')?.role === 'admin' ? next() : refuse(d.store, c, 'forbidden', { need: 'admin' }));
}

/** Signing: never administrators (separation of duties); the per-account right is checked per document. */
export function signersOnly(d: Pick<WebDeps, 'store'>): MiddlewareHandler<WebEnv> {
  return async (c, next) => (c.get('user') && c.get('user')!.role !== 'admin' ? next() : refuse(d.store, c, 'forbidden', { need: 'signer' }));
}
