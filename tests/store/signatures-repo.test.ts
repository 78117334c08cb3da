// Signatures repository on both databases: what signing reads of a document, the insert that moves its state (and
// refuses when the state moved), the database's own guards (one signature per user, at most two), and the queries of
// what waits for a signature.
import { expect, it } from 'vitest';
import { isUniqueViolation } from '../../gateway/store/db.ts';
import {
  awaitingFirstSignature,
  documentForSigning,
  documentNow,
  insertSignature,
  signatureBriefs,
  signaturesOf,
  unsignedBy,
  type NewSignature,
} from '../../gateway/store/signatures-repo.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { describeEachDialect, TEST_START } from './dialects.ts';
import { insertDocument, insertFile, insertKey, insertUser, refusal } from './signing-rows.ts';

const A = 'KZ86125KZT5004100100';
const B = 'KZ75125KZT2069100100';

/** Two signers with a key each, one file, and documents D1… in the given states (payer A unless told). */
async function seed(db: Db, docs: { id: string; state: string; iban?: string | null }[]): Promise<void> {
  await insertUser(db, 'u1', 'dana');
  await insertUser(db, 'u2', 'erlan');
  await insertUser(db, 'u3', 'aigul');
  await insertKey(db, 'k1', 'u1');
  await insertKey(db, 'k2', 'u2');
  await insertKey(db, 'k3', 'u3');
  await insertFile(db, 'F1', 'ab'.repeat(32));
  for (const [i, d] of docs.entries()) await insertDocument(db, { ...d, fileId: 'F1', seq: i });
}

function sig(documentId: string, seq: number, userId: string, over: Partial<NewSignature> = {}): NewSignature {
  return { id: `S-${documentId}-${seq}`, documentId, seq, userId, keyId: `k${userId.slice(1)}`, role: seq === 1 ? 'first' : 'second', signedSha256: 'cd'.repeat(32), cms: new Uint8Array([1, 2, 3, seq]), signingTime: TEST_START + seq, automatic: false, ...over };
}

describeEachDialect('signatures repository', (open) => {
  it('reads a document for signing with its file hash; staging rows and unknown ids are not there', async () => {
    const { db } = await open();
    await seed(db, [
      { id: 'D1', state: 'awaiting-signature' },
      { id: 'D2', state: 'staging:awaiting-signature' },
    ]);
    const d = await documentForSigning(db, 'D1');
    expect(d).toEqual({ id: 'D1', fileId: 'F1', kind: 'payment', state: 'awaiting-signature', bodyJson: expect.any(String), amountMinor: '1000', currency: 'KZT', fileSha256: 'ab'.repeat(32) });
    expect(JSON.parse(d!.bodyJson)).toMatchObject({ payer: { iban: A } });
    expect(await documentForSigning(db, 'D2')).toBeUndefined();
    expect(await documentForSigning(db, 'D9')).toBeUndefined();
    expect(await documentNow(db, 'D1')).toEqual({ state: 'awaiting-signature', bodyJson: d!.bodyJson, n: 0 });
    expect(await documentNow(db, 'D9')).toBeUndefined();
    expect(await signaturesOf(db, 'D1')).toEqual([]);
    expect(await signatureBriefs(db, 'D1')).toEqual([]);
  });

  it('inserts a signature and moves the document in one transaction; the rows read back alike on both databases', async () => {
    const { db } = await open();
    await seed(db, [{ id: 'D1', state: 'awaiting-signature' }]);
    expect(await db.transaction((tx) => insertSignature(tx, sig('D1', 1, 'u1'), 'awaiting-signature', 'partially-signed'))).toBe(true);
    expect(await db.transaction((tx) => insertSignature(tx, sig('D1', 2, 'u2', { automatic: true, role: 'second' }), 'partially-signed', 'signed'))).toBe(true);
    expect(await documentNow(db, 'D1')).toMatchObject({ state: 'signed', n: 2 });
    const rows = await signaturesOf(db, 'D1');
    expect(rows).toEqual([
      { id: 'S-D1-1', documentId: 'D1', seq: 1, userId: 'u1', keyId: 'k1', role: 'first', signedSha256: 'cd'.repeat(32), cms: Buffer.from([1, 2, 3, 1]), signingTime: TEST_START + 1, automatic: false, createdAt: TEST_START + 1 },
      { id: 'S-D1-2', documentId: 'D1', seq: 2, userId: 'u2', keyId: 'k2', role: 'second', signedSha256: 'cd'.repeat(32), cms: Buffer.from([1, 2, 3, 2]), signingTime: TEST_START + 2, automatic: true, createdAt: TEST_START + 2 },
    ]);
    expect(Buffer.isBuffer(rows[0]!.cms)).toBe(true);
    expect(await signatureBriefs(db, 'D1')).toEqual([
      { id: 'S-D1-1', userId: 'u1', role: 'first', signedSha256: 'cd'.repeat(32) },
      { id: 'S-D1-2', userId: 'u2', role: 'second', signedSha256: 'cd'.repeat(32) },
    ]);
  });

  it('inserts nothing when the document left the state it was signed in', async () => {
    const { db } = await open();
    await seed(db, [{ id: 'D1', state: 'held' }]);
    expect(await db.transaction((tx) => insertSignature(tx, sig('D1', 1, 'u1'), 'awaiting-signature', 'signed'))).toBe(false);
    expect(await documentNow(db, 'D1')).toMatchObject({ state: 'held', n: 0 });
    expect(await signaturesOf(db, 'D1')).toEqual([]);
  });

  it('the database refuses a second signature of the same user and a third signature; the document keeps its state', async () => {
    const { db } = await open();
    await seed(db, [{ id: 'D1', state: 'awaiting-signature' }]);
    await db.transaction((tx) => insertSignature(tx, sig('D1', 1, 'u1'), 'awaiting-signature', 'partially-signed'));
    const same = await refusal(db.transaction((tx) => insertSignature(tx, sig('D1', 2, 'u1', { id: 'S-again' }), 'partially-signed', 'signed')));
    expect(isUniqueViolation(same)).toBe(true);
    await db.transaction((tx) => insertSignature(tx, sig('D1', 2, 'u2'), 'partially-signed', 'signed'));
    const third = await refusal(db.transaction((tx) => insertSignature(tx, sig('D1', 3, 'u3'), 'signed', 'signed')));
    expect(String((third as Error).message)).toContain('SIGN_TOO_MANY');
    expect(await documentNow(db, 'D1')).toMatchObject({ state: 'signed', n: 2 });
    expect((await signaturesOf(db, 'D1')).map((s) => s.userId)).toEqual(['u1', 'u2']);
  });

  it('lists documents awaiting their first signature, for one payer account or any, in id order and bounded', async () => {
    const { db } = await open();
    await seed(db, [
      { id: 'D5', state: 'awaiting-signature' },
      { id: 'D1', state: 'awaiting-signature', iban: B },
      { id: 'D3', state: 'awaiting-signature' },
      { id: 'D2', state: 'partially-signed' },
      { id: 'D4', state: 'awaiting-signature' },
      { id: 'D6', state: 'staging:awaiting-signature' },
      { id: 'D7', state: 'awaiting-signature', iban: null },
    ]);
    // A signature on a document still awaiting (a state moved back by hand) takes it out as well.
    await db.run(`INSERT INTO signatures (id, document_id, seq, user_id, key_id, role, signed_sha256, cms, signing_time, automatic, created_at) VALUES ('S', 'D4', 1, 'u1', 'k1', 'first', 'x', $1, 1, $2, 1)`, [Buffer.from([1]), false]);
    expect(await awaitingFirstSignature(db, null, 100)).toEqual(['D1', 'D3', 'D5', 'D7']);
    expect(await awaitingFirstSignature(db, A, 100)).toEqual(['D3', 'D5']);
    expect(await awaitingFirstSignature(db, B, 100)).toEqual(['D1']);
    expect(await awaitingFirstSignature(db, 'KZ00', 100)).toEqual([]);
    expect(await awaitingFirstSignature(db, null, 2)).toEqual(['D1', 'D3']);
  });

  it("lists what waits for a user's signature: not signed by them, on their accounts, in id order and bounded", async () => {
    const { db } = await open();
    await seed(db, [
      { id: 'D1', state: 'awaiting-signature' },
      { id: 'D2', state: 'partially-signed' },
      { id: 'D3', state: 'partially-signed', iban: B },
      { id: 'D4', state: 'signed' },
      { id: 'D5', state: 'awaiting-signature', iban: B },
      { id: 'D6', state: 'staging:awaiting-signature' },
    ]);
    await db.transaction(async (tx) => {
      await tx.run(`UPDATE documents SET state = 'awaiting-signature' WHERE id IN ('D2', 'D3')`);
      await insertSignature(tx, sig('D2', 1, 'u1'), 'awaiting-signature', 'partially-signed');
      await insertSignature(tx, sig('D3', 1, 'u2'), 'awaiting-signature', 'partially-signed');
    });
    expect(await unsignedBy(db, 'u1')).toEqual(['D1', 'D3', 'D5']);
    expect(await unsignedBy(db, 'u2')).toEqual(['D1', 'D2', 'D5']);
    expect(await unsignedBy(db, 'u1', { accounts: [B] })).toEqual(['D3', 'D5']);
    expect(await unsignedBy(db, 'u1', { accounts: [A, B], limit: 2 })).toEqual(['D1', 'D3']);
    expect(await unsignedBy(db, 'u2', { accounts: [A] })).toEqual(['D1', 'D2']);
    expect(await unsignedBy(db, 'u1', { accounts: [] })).toEqual([]);
    expect(await unsignedBy(db, 'u3', { limit: 1 })).toEqual(['D1']);
  });
});
