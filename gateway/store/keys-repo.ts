// Signing keys known to the gateway (certificate, subject, validity) and the user each is bound to.
import { asc, eq, sql } from 'drizzle-orm';
import { GatewayError } from '../core/errors.ts';
import { appendEvent } from './audit.ts';
import type { Store } from './db.ts';
import { preparedOnce } from './prepared.ts';
import { signingKeys } from './schema.ts';

export type KeyRow = typeof signingKeys.$inferSelect;

export interface KeyRecordInput {
  id: string;
  provider: string;
  label: string;
  tokenLabel: string | null;
  tokenSerial: string | null;
  certificate: Uint8Array;
  fingerprint: string;
  subject: string;
  iin: string | null;
  bin: string | null;
  notBefore: Date;
  notAfter: Date;
}

export function getKey(store: Store, id: string): KeyRow | undefined {
  return preparedOnce(store, 'keys.byId', (s) => s.db.select().from(signingKeys).where(eq(signingKeys.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function listKeys(store: Store): KeyRow[] {
  return store.db.select().from(signingKeys).orderBy(asc(signingKeys.id)).all();
}

/** Records the key (or refreshes its certificate facts) and binds it to the user; a key is bound to one user at a time. */
export function bindKey(store: Store, k: KeyRecordInput, userId: string, actor: string): KeyRow {
  return store.transaction(() => {
    const now = store.clock.now();
    const existing = getKey(store, k.id);
    if (existing && existing.fingerprint !== k.fingerprint) {
      throw new GatewayError('SIGN_KEY_NOT_BOUND', `key ${k.id} now shows another certificate (${k.fingerprint.slice(0, 16)}… instead of ${existing.fingerprint.slice(0, 16)}…): unbind it first`);
    }
    const values = {
      provider: k.provider,
      label: k.label,
      tokenLabel: k.tokenLabel,
      tokenSerial: k.tokenSerial,
      certificate: Buffer.from(k.certificate),
      fingerprint: k.fingerprint,
      subject: k.subject,
      iin: k.iin,
      bin: k.bin,
      notBefore: k.notBefore.getTime(),
      notAfter: k.notAfter.getTime(),
      userId,
      boundAt: now,
    };
    if (existing) store.db.update(signingKeys).set(values).where(eq(signingKeys.id, k.id)).run();
    else store.db.insert(signingKeys).values({ id: k.id, createdAt: now, ...values }).run();
    appendEvent(store.sqlite, { entityType: 'key', entityId: k.id, type: 'key.bound', actor, at: now, data: { userId, previousUserId: existing?.userId ?? null, fingerprint: k.fingerprint, subject: k.subject, iin: k.iin, bin: k.bin } });
    return getKey(store, k.id)!;
  });
}

export function unbindKey(store: Store, id: string, actor: string): void {
  store.transaction(() => {
    const existing = getKey(store, id);
    if (!existing) throw new GatewayError('SIGN_KEY_NOT_FOUND', `no key ${id} is recorded`);
    store.db.update(signingKeys).set({ userId: null, boundAt: null }).where(eq(signingKeys.id, id)).run();
    appendEvent(store.sqlite, { entityType: 'key', entityId: id, type: 'key.unbound', actor, data: { previousUserId: existing.userId } });
  });
}
