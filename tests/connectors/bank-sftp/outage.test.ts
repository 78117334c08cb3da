// The bank's SSH server stops mid-run (open sessions killed) and comes back: calls retry with back-off on a new
// connection and succeed; when it stays down past the retry budget the error is operational (the gateway retries later).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSftpBank, type SftpBank } from './fixture.ts';
import { captureLogger } from './log-capture.ts';
import { skipWithoutSshd } from './sshd.ts';

describe.skipIf(skipWithoutSshd())('bank-sftp: the server goes down and comes back', () => {
  let b: SftpBank;
  beforeAll(async () => {
    b = await startSftpBank();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('sshd stopped and restarted mid-run → retries, then the submit and the status go through', async () => {
    const log = captureLogger();
    const s = await b.open({ retry: { attempts: 12, base_ms: 100, max_ms: 600 } }, log);
    const st1 = await s.submit(await b.signed(s, b.payment('100.00')), `out-${randomUUID()}`);
    expect(st1.state).toBe('received');
    await b.sshd.stop();
    const back = new Promise<void>((resolve, reject) => setTimeout(() => b.sshd.start().then(resolve, reject), 1_000));
    const key = `out-${randomUUID()}`;
    const st2 = await s.submit(await b.signed(s, b.payment('200.00')), key);
    await back;
    expect(st2).toMatchObject({ state: 'received', idempotencyKey: key });
    const retries = log.lines.filter((l) => l.level === 'warn' && /retried with back-off/.test(l.msg));
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((l) => l.fields.code === 'CONN_UNREACHABLE' || l.fields.code === 'CONN_TIMEOUT')).toBe(true);
    await b.bank.executeDue();
    for (let i = 0; i < 50; i++) {
      const st = await s.status({ idempotencyKey: key });
      if (st?.state === 'executed') break;
      await b.bank.executeDue();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await s.status(st2)).toMatchObject({ state: 'executed' });
    expect(b.bank.received.filter((r) => r.messageId === st2.bankId)).toHaveLength(1);
    await s.close();
  });

  it('down past the retry budget → CONN_UNREACHABLE (operational); test() says so without throwing', async () => {
    const s = await b.open({ retry: { attempts: 2, base_ms: 10, max_ms: 20 }, poll_interval_ms: 86_400_000 });
    await b.sshd.stop();
    try {
      await expect(s.submit(await b.signed(s, b.payment('1.00')), `gone-${randomUUID()}`)).rejects.toMatchObject({ code: 'CONN_UNREACHABLE', kind: 'operational' });
      const t = await s.test();
      expect(t.ok).toBe(false);
      expect(t.error).toMatch(/^CONN_UNREACHABLE/);
    } finally {
      await b.sshd.start();
      await s.close();
    }
  });
});
