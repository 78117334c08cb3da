// Before submission the policy runs again over the stored signatures; automatic signing (opt-in) signs as single and is audited.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../gateway/core/clock.ts';
import { listEntityEvents } from '../../gateway/store/sql/audit-log.ts';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { getKey, unbindKey } from '../../gateway/store/keys-repo.ts';
import { signaturesOf } from '../../gateway/store/signatures-repo.ts';
import { signingConfigSchema } from '../../signer/config.ts';
import { scriptedPresenceSource } from '../../signer/presence.ts';
import { showForSigning, signDocuments } from '../../signer/sign-documents.ts';
import { signedBytes } from '../../signer/signed-bytes.ts';
import { startSigners } from '../../signer/signers.ts';
import { checkSubmittable } from '../../signer/submission-check.ts';
import { KEY_PASSWORD, signingBench } from './helpers.ts';

type Bench = ReturnType<typeof signingBench>;
const items = async (b: Bench, ids: string[]) => (await showForSigning(b.store, ids)).map((s) => ({ documentId: s.documentId, sha256: s.sha256 }));

async function signWith(b: Bench, who: Awaited<ReturnType<Bench['signer']>>, ids: string[]) {
  const session = await who.provider.open(who.key.id, KEY_PASSWORD);
  return signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: who.user, key: (await getKey(b.store.sql, who.key.id))!, session, items: (await items(b, ids)) });
}

describe('check before submission', () => {
  it('passes a complete, valid set and hands out exactly the signed bytes', async () => {
    const b = signingBench();
    const a = await b.signer('first1', ['*=first']);
    const s = await b.signer('second1', ['*=second']);
    const [d] = await b.documents(1);
    await signWith(b, a, [d!]);
    expect((await checkSubmittable(b.store, b.policy, d!)).problems.map((p) => p.code)).toEqual(['SIGN_STATE', 'SIGN_INCOMPLETE']);
    await signWith(b, s, [d!]);
    const r = await checkSubmittable(b.store, b.policy, d!);
    expect(r.problems).toEqual([]);
    expect(r.bytes!.equals(signedBytes((await getDocument(b.store.sql, d!))!))).toBe(true);
  });

  it('refuses a document edited after signing, and a signature whose key was unbound since', async () => {
    const b = signingBench();
    const e = await b.signer('single1', ['*=single']);
    const [d1, d2] = await b.documents(2);
    await signWith(b, e, [d1!, d2!]);
    // Someone changes the stored amount behind the gateway's back.
    const body = b.store.sqlite.prepare('SELECT body_json FROM documents WHERE id = ?').pluck().get(d1) as string;
    b.store.sqlite.prepare('UPDATE documents SET body_json = ? WHERE id = ?').run(body.replace(/"minor":\{"__bigint__":"(\d+)"\}/, '"minor":{"__bigint__":"1$1"}'), d1);
    const changed = await checkSubmittable(b.store, b.policy, d1!);
    expect(changed.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['SIGN_DOCUMENT_CHANGED', 'SIGN_SIGNATURE_INVALID']));
    await unbindKey(b.store.sql, e.key.id, 'admin');
    expect((await checkSubmittable(b.store, b.policy, d2!)).problems.map((p) => p.code)).toEqual(['SIGN_KEY_NOT_BOUND']);
  });
});

describe('check before submission without parsing the containers (the send path)', () => {
  it('passes an untouched set and refuses a container changed after it was recorded', async () => {
    const b = signingBench();
    const e = await b.signer('single1', ['*=single']);
    const [d1, d2] = await b.documents(2);
    await signWith(b, e, [d1!, d2!]);
    expect((await checkSubmittable(b.store, b.policy, d1!, { verifyCms: false })).problems).toEqual([]);
    // Somebody with database access swaps a byte of a stored container (the append-only trigger must be dropped for that).
    b.store.sqlite.exec('DROP TRIGGER signatures_no_update');
    const cms = b.store.sqlite.prepare('SELECT cms FROM signatures WHERE document_id = ?').pluck().get(d2) as Buffer;
    cms[cms.length - 1]! ^= 1;
    b.store.sqlite.prepare('UPDATE signatures SET cms = ? WHERE document_id = ?').run(cms, d2);
    expect((await checkSubmittable(b.store, b.policy, d2!, { verifyCms: false })).problems.map((p) => p.code)).toEqual(['SIGN_SIGNATURE_INVALID']);
    expect((await checkSubmittable(b.store, b.policy, d2!)).problems.map((p) => p.code)).toContain('SIGN_SIGNATURE_INVALID');
  });
});

describe('automatic signing (opt-in per account)', () => {
  it('signs waiting documents of the configured account as single, audited as automatic; nothing else', async () => {
    const b = signingBench();
    const robot = await b.signer('h2h-robot', []);
    const ids = await b.documents(3);
    const cfg = signingConfigSchema.parse({ auto: [{ account: 'KZ90601A861000012345', key: robot.key.id, secret_env: 'AUTO_SIGN_PASSWORD' }] });
    const signers = await startSigners({ store: b.store, queue: b.queue, cfg, providers: [robot.provider], presenceSource: () => scriptedPresenceSource(), clock: systemClock, logger: b.logger, env: { AUTO_SIGN_PASSWORD: KEY_PASSWORD }, autoSweepMs: 20 });
    try {
      const end = Date.now() + 5000;
      while ((await Promise.all(ids.map(async (id) => (await getDocument(b.store.sql, id))!.state))).some((s) => s !== 'signed') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(await Promise.all(ids.map(async (id) => (await getDocument(b.store.sql, id))!.state))).toEqual(['signed', 'signed', 'signed']);
      for (const id of ids) {
        const [sig] = await signaturesOf(b.store.sql, id);
        expect(sig).toMatchObject({ role: 'single', automatic: true });
        expect((await listEntityEvents(b.store.sql, 'document', id)).map((e) => e.type)).toContain('document.signed-automatically');
        expect((await checkSubmittable(b.store, b.policy, id)).problems).toEqual([]);
      }
      expect((await signers.list()).find((k) => k.keyId === robot.key.id)).toMatchObject({ automatic: true, unlocked: true, served: true });
      // Repeated sweeps add nothing.
      expect(await signers.autoSignSweep()).toBe(0);
    } finally {
      await signers.close();
    }
  });

  it('is off by default, and off when the secret is missing', async () => {
    const b = signingBench();
    const robot = await b.signer('h2h-robot', []);
    const [d] = await b.documents(1);
    const cfg = signingConfigSchema.parse({ auto: [{ account: 'KZ90601A861000012345', key: robot.key.id, secret_env: 'AUTO_SIGN_PASSWORD' }] });
    const signers = await startSigners({ store: b.store, queue: b.queue, cfg, providers: [robot.provider], presenceSource: () => scriptedPresenceSource(), clock: systemClock, logger: b.logger, env: {}, autoSweepMs: 20 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await getDocument(b.store.sql, d!))!.state).toBe('awaiting-signature');
    expect(await signers.autoSignSweep()).toBe(0);
    await signers.close();
    expect(signingConfigSchema.parse({}).auto).toEqual([]);
  });
});
