// Once per idempotency key: the same key twice, across a connector restart, after a crash between the rename and the
// state write, and after a failed first try → one file at the bank; the same key for other content is refused.
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesFor } from '../../../connectors/bank-sftp/index.ts';
import { stateFileName } from '../../../connectors/bank-sftp/state.ts';
import { bankSftpConfigSchema } from '../../../connectors/bank-sftp/config.ts';
import { startSftpBank, type SftpBank } from './fixture.ts';
import { skipWithoutSshd } from './sshd.ts';

const accepted = (b: SftpBank, messageId: string) => b.bank.received.filter((r) => r.messageId === messageId);

describe.skipIf(skipWithoutSshd())('bank-sftp: one file at the bank per idempotency key', () => {
  let b: SftpBank;
  beforeAll(async () => {
    b = await startSftpBank();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('the same key twice, then again after a restart of the connector → the first receipt, one file at the bank', async () => {
    const s1 = await b.open();
    const key = `idem-${randomUUID()}`;
    const sub = await b.signed(s1, b.payment('5000.00'));
    const first = await s1.submit(sub, key);
    const second = await s1.submit(sub, key);
    expect(second.bankId).toBe(first.bankId);
    expect(first.bankId).toBe(namesFor(key).messageId);
    await s1.close();
    const s2 = await b.open();
    const third = await s2.submit(sub, key);
    expect(third).toMatchObject({ bankId: first.bankId, idempotencyKey: key });
    await b.bank.scan();
    expect(accepted(b, first.bankId)).toEqual([expect.objectContaining({ verdict: 'accepted' })]);
    await s2.close();
  });

  it('the same key for other content → CONN_IDEMPOTENCY_MISMATCH, nothing sent', async () => {
    const s = await b.open();
    const key = `idem-${randomUUID()}`;
    const st = await s.submit(await b.signed(s, b.payment('10.00')), key);
    const err = await s.submit(await b.signed(s, b.payment('11.00')), key).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONN_IDEMPOTENCY_MISMATCH' });
    await b.bank.scan();
    expect(accepted(b, st.bankId)).toHaveLength(1);
    await s.close();
  });

  it('crash after the rename, before the state write: the resend finds the bank’s answer and uploads nothing', async () => {
    const s1 = await b.open();
    const key = `crash-${randomUUID()}`;
    const sub = await b.signed(s1, b.payment('20.00'));
    const st = await s1.submit(sub, key);
    await s1.close();
    await b.bank.scan(); // the bank took the file and answered ACTC
    // Wind the state back to "recorded, upload outcome unknown", as if the process died right after the rename.
    const path = join(b.stateDir, stateFileName(bankSftpConfigSchema.parse(b.config())));
    const state = JSON.parse(await readFile(path, 'utf8'));
    state.submissions[key].uploaded = false;
    await writeFile(path, JSON.stringify(state));
    const s2 = await b.open();
    const again = await s2.submit(sub, key);
    expect(again.bankId).toBe(st.bankId);
    await b.bank.scan();
    expect(accepted(b, st.bankId)).toHaveLength(1);
    await s2.close();
  });

  it('a first try that failed (server down) leaves the key unresolved: status null; the next submit uploads once', async () => {
    const s = await b.open({ retry: { attempts: 1, base_ms: 1, max_ms: 1 }, poll_interval_ms: 86_400_000 });
    const key = `down-${randomUUID()}`;
    const sub = await b.signed(s, b.payment('30.00'));
    await b.sshd.stop();
    await expect(s.submit(sub, key)).rejects.toMatchObject({ code: 'CONN_UNREACHABLE', kind: 'operational' });
    await b.sshd.start();
    expect(await s.status({ idempotencyKey: key })).toBeNull();
    const st = await s.submit(sub, key);
    expect(await s.submit(sub, key)).toMatchObject({ bankId: st.bankId });
    await b.bank.scan();
    expect(accepted(b, st.bankId)).toHaveLength(1);
    await s.close();
  });
});
