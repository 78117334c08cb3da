// Refused requests: audited (ASVS 16.3.2 failed authorisation, 16.3.3 bypass attempts) and answered 403 in the
// caller's form — a page in the user's language, or a JSON error for the API.
import type { Store } from '../../store/db.ts';
import { appendEvent } from '../../store/sql/audit-log.ts';
import { clientIp, type WebContext } from '../context.ts';
import { errorPage } from '../ui/error-page.tsx';

export type RefusalReason = 'forbidden' | 'csrf' | 'not-signed-in' | 'throttled';

export async function auditRefusal(store: Store, c: WebContext, reason: RefusalReason, detail: Record<string, unknown> = {}): Promise<void> {
  const user = c.get('user');
  await appendEvent(store.sql, {
    entityType: user ? 'user' : 'system',
    entityId: user?.id ?? 'web',
    type: 'web.refused',
    actor: user?.login ?? `ip:${clientIp(c)}`,
    data: { reason, method: c.req.method, path: c.req.path, ip: clientIp(c), ...detail },
  });
}

export const isApi = (c: WebContext): boolean => c.req.path.startsWith('/api/');

/** 403 with an audit record: the one way a page or API route refuses an action it does not allow. */
export async function refuse(store: Store, c: WebContext, reason: 'forbidden' | 'csrf', detail: Record<string, unknown> = {}): Promise<Response> {
  await auditRefusal(store, c, reason, detail);
  const code = reason === 'csrf' ? 'AUTH_CSRF' : 'AUTH_FORBIDDEN';
  const key = reason === 'csrf' ? 'error.csrf' : 'error.forbidden';
  if (isApi(c)) return c.json({ error: { code, message: c.get('t')(key) } }, 403);
  return errorPage(c, 403, key);
}
