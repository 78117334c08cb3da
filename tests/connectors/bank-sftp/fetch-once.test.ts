// Download files are processed once: across a connector restart, when the bank re-touches or re-sends a file with the
// same bytes (same or another name); a changed file under the same name is processed again. Rejections (funds, a bad
// signature) map to 'rejected' with the bank's reason; what this channel does not carry is refused clearly.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorSession, Receipt } from '../../../gateway/core/connector.ts';
import { startSftpBank, type SftpBank } from './fixture.ts';
import { captureLogger, type CapturedLine } from './log-capture.ts';
import { skipWithoutSshd } from './sshd.ts';

const processed = (lines: CapturedLine[]) => lines.filter((l) => l.msg === 'bank-sftp: download file processed').map((l) => String(l.fields.file));

async function final(b: SftpBank, s: ConnectorSession, r: Receipt) {
  for (let i = 0; i < 100; i++) {
    await b.bank.executeDue();
    const st = await s.status(r);
    if (st && (st.state === 'executed' || st.state === 'rejected')) return st;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${r.bankId} never reached a final state`);
}

describe.skipIf(skipWithoutSshd())('bank-sftp: each download file is processed once', () => {
  let b: SftpBank;
  beforeAll(async () => {
    b = await startSftpBank({ balance: 100_000_000n }); // 1,000,000.00 KZT
  });
  afterAll(async () => {
    await b?.close();
  });

  it('processed once across a restart; same bytes again (touched, or under a new name) ignored; a changed file processed again', async () => {
    const log1 = captureLogger();
    const s1 = await b.open({}, log1);
    const key = `once-${randomUUID()}`;
    const st = await s1.submit(await b.signed(s1, b.payment('1500.00')), key);
    const done = await final(b, s1, st);
    expect(done).toMatchObject({ state: 'executed', executionDate: b.businessDate });
    expect(done.entryBankId).toMatch(/^E/);
    const first = processed(log1.lines);
    const files = (await readdir(b.sshd.downloadDir)).filter((n) => !n.startsWith('.'));
    expect(new Set(first).size).toBe(first.length); // none twice
    expect(first.sort()).toEqual(files.sort()); // ACTC, ACSC and the camt.053
    await s1.close();

    // Restart: a new session on the same state reads the folder and processes nothing.
    const log2 = captureLogger();
    const s2 = await b.open({}, log2);
    expect(await s2.status({ idempotencyKey: key })).toMatchObject({ state: 'executed', bankId: st.bankId });
    await s2.statement(b.account, b.businessDate, b.businessDate);
    expect(processed(log2.lines)).toEqual([]);

    // The bank touches a file (new mtime, same bytes) and re-sends another under a new name: both ignored.
    const camt = files.find((n) => n.startsWith('camt053_'))!;
    const later = new Date(Date.now() + 5_000);
    await utimes(join(b.sshd.downloadDir, camt), later, later);
    await b.bank.deliver(`resent_${camt}`, await readFile(join(b.sshd.downloadDir, camt)));
    await s2.statement(b.account, b.businessDate, b.businessDate);
    expect(processed(log2.lines)).toEqual([]);

    // A second payment; the bank then rewrites the first camt file with the newer statement: processed again.
    const st2 = await s2.submit(await b.signed(s2, b.payment('2500.00')), `once-${randomUUID()}`);
    const camtBefore = new Set((await readdir(b.sshd.downloadDir)).filter((n) => n.startsWith('camt053_')));
    await b.bank.executeDue();
    const newest = (await readdir(b.sshd.downloadDir)).find((n) => n.startsWith('camt053_') && !camtBefore.has(n))!;
    await b.bank.deliver(camt, await readFile(join(b.sshd.downloadDir, newest)));
    expect((await final(b, s2, st2)).state).toBe('executed');
    const stmt = await s2.statement(b.account, b.businessDate, b.businessDate);
    expect(processed(log2.lines).filter((f) => f === camt)).toHaveLength(1);
    expect(stmt.documentBankIds.filter((id) => id === st.bankId || id === st2.bankId)).toHaveLength(2);
    expect(stmt.openingBalance.minor - stmt.totalDebits.minor).toBe(stmt.closingBalance.minor);
    await s2.close();
  });

  it('two sessions on one state at once (the gateway and a submit worker): no file processed by both, no write lost', async () => {
    const [logA, logB] = [captureLogger(), captureLogger()];
    const [a, c] = [await b.open({}, logA), await b.open({}, logB)];
    const keys = [0, 1, 2, 3].map((i) => `shared-${i}-${randomUUID()}`);
    const sessions = keys.map((_, i) => (i % 2 ? a : c));
    const receipts = await Promise.all(keys.map(async (k, i) => sessions[i]!.submit(await b.signed(sessions[i]!, b.payment(`${10 + i}.00`)), k)));
    for (const [i, r] of receipts.entries()) expect((await final(b, sessions[i]!, r)).state).toBe('executed');
    // Both look at the folder again, at the same time.
    await Promise.all([a.statement(b.account, b.businessDate, b.businessDate), c.statement(b.account, b.businessDate, b.businessDate)]);
    const all = [...processed(logA.lines), ...processed(logB.lines)];
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all).size).toBe(all.length);
    await Promise.all([a.close(), c.close()]);
    // What either wrote is in the file: a new session knows every key and its outcome without asking the bank again.
    const log3 = captureLogger();
    const s3 = await b.open({}, log3);
    for (const [i, k] of keys.entries()) expect(await s3.status({ idempotencyKey: k })).toMatchObject({ bankId: receipts[i]!.bankId, state: 'executed' });
    expect(processed(log3.lines)).toEqual([]);
    await s3.close();
  });

  it('a payment the bank rejects maps to rejected with its reason (AM04, insufficient funds)', async () => {
    const s = await b.open();
    const st = await s.submit(await b.signed(s, b.payment('2000000.00')), `rjct-${randomUUID()}`);
    const done = await final(b, s, st);
    expect(done.state).toBe('rejected');
    expect(done.reason?.code).toBe('AM04');
    expect(done.reason?.en).toMatch(/Insufficient funds/);
    expect(done.reason?.ru).toMatch(/Недостаточно средств/);
    expect(done.executionDate).toBeNull();
    await s.close();
  });

  it('a signature over other bytes is refused by the bank (DS0B) and maps to rejected', async () => {
    const s = await b.open();
    const sub = await b.signed(s, b.payment('10.00'));
    const forged = { ...sub, signatures: await b.sign(new TextEncoder().encode('other bytes')) };
    const done = await final(b, s, await s.submit(forged, `forged-${randomUUID()}`));
    expect(done).toMatchObject({ state: 'rejected', reason: expect.objectContaining({ code: 'DS0B' }) });
    await s.close();
  });

  it('not over this channel: letters.send → CONN_NOT_SUPPORTED, FX orders refused before upload, lists empty', async () => {
    const s = await b.open();
    await expect(s.letters.send({ subject: 'x', body: 'y', attachments: [] }, `l-${randomUUID()}`)).rejects.toMatchObject({ code: 'CONN_NOT_SUPPORTED', kind: 'user' });
    expect(await s.letters.fetch('2000-01-01T00:00:00.000Z')).toEqual([]);
    expect(await s.fxConfirmations('2000-01-01T00:00:00.000Z')).toEqual([]);
    const fx = { id: `fx-${randomUUID()}`, document: { kind: 'fx-order', number: 'FX1', date: b.businessDate, direction: 'buy', amount: { minor: 10_000n, currency: 'USD' }, fromIban: b.account, toIban: b.account, purpose: 'FX' } } as const;
    await expect(s.submit(await b.signed(s, fx), `fx-${randomUUID()}`)).rejects.toMatchObject({ code: 'CONN_NOT_SUPPORTED' });
    await s.close();
  });
});
