// Signer worker: one key, its own queue, bound to its token — absent token makes jobs wait, a token pulled out
// mid-batch leaves the current document unsigned, the PIN re-locks after idle time and never reaches a log.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../gateway/core/clock.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { createLogger } from '../../gateway/logger.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { getKey } from '../../gateway/store/keys-repo.ts';
import { signaturesOf } from '../../gateway/store/signatures-repo.ts';
import { verifyDetached } from '../../signer/cms.ts';
import { scriptedPresenceSource } from '../../signer/presence.ts';
import type { KeyProvider } from '../../signer/provider.ts';
import { showForSigning, signDocuments, type SignOutcome } from '../../signer/sign-documents.ts';
import { signedBytes } from '../../signer/signed-bytes.ts';
import { createSignerWorker, signQueueName, type SignerWorkerOptions } from '../../signer/worker.ts';
import { KEY_PASSWORD, signingBench } from './helpers.ts';

const TOKEN = { vendorId: 0x0a89, productId: 0x0030, serialNumber: 'KZT0001' };
const MATCH = { vendorId: 0x0a89, productId: 0x0030, serial: 'KZT0001' };

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Bench = ReturnType<typeof signingBench>;
async function worker(b: Bench, keyId: string, provider: KeyProvider, over: Partial<SignerWorkerOptions> = {}) {
  const outcomes: SignOutcome[] = [];
  const w = createSignerWorker({ store: b.store, queue: b.queue, policy: b.policy, clock: systemClock, logger: b.logger, key: (await getKey(b.store.sql, keyId))!, provider, idleTimeoutMs: 60_000, onOutcome: (o) => outcomes.push(o), ...over });
  return { w, outcomes };
}
const items = async (b: Bench, ids: string[]) => (await showForSigning(b.store, ids)).map((s) => ({ documentId: s.documentId, sha256: s.sha256 }));

describe('signer worker', () => {
  it('signs a batch with a single-right key: documents reach signed, CMS verifies over the signed bytes, the chain links file → bytes → signature', async () => {
    const b = signingBench();
    const { user, key, provider } = await b.signer('director', ['*=single']);
    const ids = await b.documents(3);
    const { w, outcomes } = await worker(b, key.id, provider);
    await w.unlock(KEY_PASSWORD);
    const job = await w.enqueue(user.id, (await items(b, ids)));
    await until('job completed', async () => (await b.queue.getJob(signQueueName(key.id), job.id))?.state === 'completed');
    expect(outcomes.map((o) => o.ok && o.state)).toEqual(['signed', 'signed', 'signed']);
    for (const id of ids) {
      const doc = (await getDocument(b.store.sql, id))!;
      expect(doc.state).toBe('signed');
      const [sig] = await signaturesOf(b.store.sql, id);
      const v = await verifyDetached(sig!.cms, signedBytes(doc));
      expect(v.ok, JSON.stringify(v.errors)).toBe(true);
      expect(v.certificate?.fingerprint).toBe((await getKey(b.store.sql, key.id))!.fingerprint);
      const ev = (await listEntityEvents(b.store.sql, 'document', id)).find((e) => e.type === 'document.signed')!;
      expect(ev.data).toMatchObject({ fileSha256: '1'.padStart(64, '0'), signedSha256: sig!.signedSha256, role: 'single', state: 'signed', keyId: key.id });
    }
    expect((await verifyAudit(b.store.sql)).ok).toBe(true);
    await w.close();
  });

  it('token absent → jobs wait (not fail); token back → they complete', async () => {
    const b = signingBench();
    const { user, key, provider } = await b.signer('director', ['*=single']);
    const ids = await b.documents(2);
    const presence = scriptedPresenceSource([TOKEN]);
    const { w } = await worker(b, key.id, provider, { presence: { source: presence, match: MATCH, pollMs: 20 } });
    await w.unlock(KEY_PASSWORD);
    presence.unplug(MATCH);
    await until('worker paused', () => !w.state().present && !w.state().running);
    const job = await w.enqueue(user.id, (await items(b, ids)));
    await new Promise((r) => setTimeout(r, 300));
    expect((await b.queue.getJob(signQueueName(key.id), job.id))?.state).toBe('waiting');
    expect(await Promise.all(ids.map(async (id) => (await getDocument(b.store.sql, id))!.state))).toEqual(['awaiting-signature', 'awaiting-signature']);
    presence.plug(TOKEN);
    await until('job completed', async () => (await b.queue.getJob(signQueueName(key.id), job.id))?.state === 'completed');
    expect(await Promise.all(ids.map(async (id) => (await getDocument(b.store.sql, id))!.state))).toEqual(['signed', 'signed']);
    await w.close();
  });

  it('token removed mid-signature: that document stays unsigned (no half state), the job waits, and completes when the token returns', async () => {
    const b = signingBench();
    const { user, key, provider } = await b.signer('director', ['*=single']);
    const ids = await b.documents(3);
    const presence = scriptedPresenceSource([TOKEN]);
    let calls = 0;
    let removed = false;
    // The token is pulled out during the second signature: from then on the provider reports the device as removed.
    const flaky: KeyProvider = {
      ...provider,
      async open(id, secret) {
        const s = await provider.open(id, secret);
        return {
          key: s.key,
          close: () => s.close(),
          async sign(data) {
            if (++calls === 2) {
              removed = true;
              presence.unplug(MATCH);
            }
            if (removed) throw new GatewayError('SIGN_DEVICE_REMOVED', 'CKR_DEVICE_REMOVED');
            return s.sign(data);
          },
        };
      },
    };
    const { w } = await worker(b, key.id, flaky, { presence: { source: presence, match: MATCH, pollMs: 20 } });
    await w.unlock(KEY_PASSWORD);
    const job = await w.enqueue(user.id, (await items(b, ids)));
    await until('first document signed', async () => (await getDocument(b.store.sql, ids[0]!))!.state === 'signed');
    await until('worker paused', () => !w.state().running);
    expect((await getDocument(b.store.sql, ids[1]!))!.state).toBe('awaiting-signature');
    expect(await signaturesOf(b.store.sql, ids[1]!)).toEqual([]);
    expect((await getDocument(b.store.sql, ids[2]!))!.state).toBe('awaiting-signature');
    await until('attempt failed', async () => (await b.queue.getJob(signQueueName(key.id), job.id))?.state !== 'active');
    const rec = await b.queue.getJob(signQueueName(key.id), job.id);
    expect(['waiting', 'delayed']).toContain(rec?.state);
    expect(rec?.lastError).toMatch(/CKR_DEVICE_REMOVED/);
    removed = false;
    presence.plug(TOKEN);
    await until('job completed', async () => (await b.queue.getJob(signQueueName(key.id), job.id))?.state === 'completed');
    expect(await Promise.all(ids.map(async (id) => (await getDocument(b.store.sql, id))!.state))).toEqual(['signed', 'signed', 'signed']);
    expect(await Promise.all(ids.map(async (id) => (await signaturesOf(b.store.sql, id)).length))).toEqual([1, 1, 1]);
    await w.close();
  });

  it('forgets the PIN after the idle timeout; jobs then wait until someone unlocks again', async () => {
    const b = signingBench();
    const { user, key, provider } = await b.signer('director', ['*=single']);
    const ids = await b.documents(1);
    const { w } = await worker(b, key.id, provider, { idleTimeoutMs: 150 });
    await w.unlock(KEY_PASSWORD);
    expect(w.state()).toMatchObject({ unlocked: true, running: true });
    await until('locked by idle timeout', () => !w.state().unlocked && !w.state().running, 3000);
    const job = await w.enqueue(user.id, (await items(b, ids)));
    await new Promise((r) => setTimeout(r, 200));
    expect((await b.queue.getJob(signQueueName(key.id), job.id))?.state).toBe('waiting');
    await w.unlock(KEY_PASSWORD);
    await until('job completed', async () => (await b.queue.getJob(signQueueName(key.id), job.id))?.state === 'completed');
    await w.close();
  });

  it('a wrong password is refused at unlock and nothing is kept; PINs never reach the log', async () => {
    const b = signingBench();
    const { key, provider } = await b.signer('director', ['*=single']);
    const logFile = path.join(b.dir, 'log.jsonl');
    const logger = createLogger({ level: 'trace', file: logFile });
    const { w } = await worker(b, key.id, provider, { logger });
    await expect(w.unlock('WRONG-pin-4711')).rejects.toMatchObject({ code: 'SIGN_PASSWORD_INCORRECT' });
    expect(w.state()).toMatchObject({ unlocked: false, running: false });
    await w.unlock(KEY_PASSWORD);
    await w.lock('test');
    await w.close();
    (logger as unknown as { flush(): void }).flush();
    await new Promise((r) => setTimeout(r, 100));
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('key locked');
    expect(log).not.toContain('WRONG-pin-4711');
    expect(log).not.toContain(KEY_PASSWORD);
  });
});

describe('signing rules end to end (store + policy + CMS)', () => {
  async function two(b: Bench) {
    const a = await b.signer('first1', ['*=first']);
    const a2 = await b.signer('first2', ['*=first']);
    const bb = await b.signer('second1', ['*=second']);
    const b2 = await b.signer('second2', ['*=second']);
    const e = await b.signer('single1', ['*=single']);
    const none = await b.signer('viewer', ['*=none:prepare']);
    const sessions = new Map<string, Awaited<ReturnType<KeyProvider['open']>>>();
    const sign = async (who: typeof a, id: string) => {
      let s = sessions.get(who.key.id);
      if (!s) sessions.set(who.key.id, (s = await who.provider.open(who.key.id, KEY_PASSWORD)));
      const [out] = await signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: who.user, key: (await getKey(b.store.sql, who.key.id))!, session: s, items: (await items(b, [id])) });
      return out!.ok ? `${out!.role}→${out!.state}` : out!.code;
    };
    return { a, a2, bb, b2, e, none, sign };
  }

  it('a two-signature document cannot be completed by any refused combination', async () => {
    const b = signingBench();
    const { a, a2, bb, b2, e, none, sign } = await two(b);
    const [d1, d2, d3, d4] = await b.documents(4);
    // first + second completes; a third signature is refused.
    expect(await sign(a, d1!)).toBe('first→partially-signed');
    expect(await sign(a, d1!)).toBe('SIGN_SAME_USER');
    expect(await sign(a2, d1!)).toBe('SIGN_WRONG_SET');
    expect(await sign(none, d1!)).toBe('SIGN_NO_RIGHT');
    expect(await sign(bb, d1!)).toBe('second→signed');
    expect(await sign(e, d1!)).toBe('SIGN_STATE');
    // B + B never completes.
    expect(await sign(bb, d2!)).toBe('second→partially-signed');
    expect(await sign(b2, d2!)).toBe('SIGN_WRONG_SET');
    expect((await getDocument(b.store.sql, d2!))!.state).toBe('partially-signed');
    // Single alone completes.
    expect(await sign(e, d3!)).toBe('single→signed');
    // A user without a right signs nothing.
    expect(await sign(none, d4!)).toBe('SIGN_NO_RIGHT');
    expect((await signaturesOf(b.store.sql, d1!)).length).toBe(2);
    expect((await signaturesOf(b.store.sql, d4!)).length).toBe(0);
  });

  it('refuses a document that changed after it was shown, an expired certificate, and a key bound to another user', async () => {
    const b = signingBench();
    const e = await b.signer('single1', ['*=single']);
    const old = await b.signer('expired', ['*=single'], { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    const [d1, d2] = await b.documents(2);
    const session = await e.provider.open(e.key.id, KEY_PASSWORD);
    const stale = (await items(b, [d1!])).map((i) => ({ ...i, sha256: 'f'.repeat(64) }));
    const [changed] = await signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: e.user, key: (await getKey(b.store.sql, e.key.id))!, session, items: stale });
    expect(changed).toMatchObject({ ok: false, code: 'SIGN_DOCUMENT_CHANGED' });
    const oldSession = await old.provider.open(old.key.id, KEY_PASSWORD);
    const [expired] = await signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: old.user, key: (await getKey(b.store.sql, old.key.id))!, session: oldSession, items: (await items(b, [d1!])) });
    expect(expired).toMatchObject({ ok: false, code: 'SIGN_CERT_EXPIRED' });
    const [foreign] = await signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: old.user, key: (await getKey(b.store.sql, e.key.id))!, session, items: (await items(b, [d2!])) });
    expect(foreign).toMatchObject({ ok: false, code: 'SIGN_KEY_NOT_BOUND' });
    expect((await signaturesOf(b.store.sql, d1!)).length + (await signaturesOf(b.store.sql, d2!)).length).toBe(0);
  });

  it('the database itself refuses a third signature row', async () => {
    const b = signingBench();
    const { a, bb, sign } = await two(b);
    const [d1] = await b.documents(1);
    await sign(a, d1!);
    await sign(bb, d1!);
    const row = (await signaturesOf(b.store.sql, d1!))[0]!;
    expect(() => b.store.sqlite.prepare('INSERT INTO signatures (id, document_id, seq, user_id, key_id, role, signed_sha256, cms, signing_time, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)').run('x', d1, 3, row.userId, row.keyId, 'first', row.signedSha256, row.cms, 1, 1)).toThrow(/SIGN_TOO_MANY/);
    expect(() => b.store.sqlite.prepare('UPDATE signatures SET role = ? WHERE id = ?').run('single', row.id)).toThrow(/append-only/);
  });
});
