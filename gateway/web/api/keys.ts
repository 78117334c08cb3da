// GET /api/v1/keys: signing keys with their token presence, lock state, bound user and sign-queue counts.
import { Hono } from 'hono';
import type { Signers } from '../../../signer/signers.ts';
import type { Store } from '../../store/db.ts';
import { listUsers } from '../../store/users-repo.ts';

export function keysApi(store: Store, signers: Pick<Signers, 'list'>): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const logins = new Map(listUsers(store).map((u) => [u.id, u.login]));
    const items = (await signers.list()).map((k) => ({
      id: k.keyId,
      provider: k.provider,
      label: k.label,
      token_label: k.tokenLabel,
      token_serial: k.tokenSerial,
      subject: k.subject,
      iin: k.iin,
      bin: k.bin,
      not_before: k.notBefore,
      not_after: k.notAfter,
      user: k.boundUserId ? (logins.get(k.boundUserId) ?? null) : null,
      served: k.served,
      token_present: k.present,
      unlocked: k.unlocked,
      running: k.running,
      presence_error: k.presenceError,
      automatic: k.automatic,
      last_signed_at: k.lastSignedAt ? new Date(k.lastSignedAt).toISOString() : null,
      queue: k.queue,
    }));
    return c.json({ items });
  });
  return app;
}
