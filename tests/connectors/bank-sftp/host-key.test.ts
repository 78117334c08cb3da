// The pinned host key: a server presenting another key is refused before authentication, with both fingerprints named
// and nothing uploaded; user errors (host key, credentials) are not retried; one connection serves many calls.
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../gateway/core/errors.ts';
import { startSftpBank, type SftpBank } from './fixture.ts';
import { skipWithoutSshd } from './sshd.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const WRONG = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe.skipIf(skipWithoutSshd())('bank-sftp host key pin and connection handling', () => {
  let b: SftpBank;
  let proxy: TcpProxy;
  beforeAll(async () => {
    b = await startSftpBank();
    await b.bank.stop(); // files stay where the connector puts them
    proxy = await startTcpProxy(() => b.sshd.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await b?.close();
  });

  it('a host key other than the pinned one is refused with CONN_HOST_KEY naming both fingerprints, not retried, nothing uploaded', async () => {
    // No background polling: the only connection attempt is the submit's.
    const s = await b.open({ host_key_sha256: WRONG, port: proxy.port, poll_interval_ms: 86_400_000, retry: { attempts: 5, base_ms: 10, max_ms: 20 } });
    const before = proxy.connections;
    const err = await s.submit(await b.signed(s, b.payment()), `hk-${randomUUID()}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('CONN_HOST_KEY');
    expect((err as GatewayError).kind).toBe('user');
    expect((err as GatewayError).message).toContain(WRONG);
    expect((err as GatewayError).message).toContain(b.sshd.hostKeySha256);
    expect((err as GatewayError).details).toMatchObject({ expected: WRONG, actual: b.sshd.hostKeySha256, sent: false });
    expect(proxy.connections - before).toBe(1);
    expect((await readdir(b.sshd.uploadDir)).length).toBe(0);
    const t = await s.test();
    expect(t.ok).toBe(false);
    expect(t.error).toMatch(/^CONN_HOST_KEY/);
    await s.close();
  });

  it('a key the server does not accept → CONN_AUTH at once (user error, one connection)', async () => {
    const s = await b.open({ port: proxy.port, private_key_path: `${b.sshd.dir}/host_ed25519`, passphrase_env: undefined, poll_interval_ms: 86_400_000, retry: { attempts: 5, base_ms: 10, max_ms: 20 } });
    const before = proxy.connections;
    const err = (await s.submit(await b.signed(s, b.payment()), `auth-${randomUUID()}`).catch((e: unknown) => e)) as GatewayError;
    expect(err.code).toBe('CONN_AUTH');
    expect(proxy.connections - before).toBe(1);
    await s.close();
  });

  it('the pinned key: test() lists both folders; calls reuse one connection', async () => {
    const s = await b.open({ port: proxy.port, poll_interval_ms: 86_400_000 });
    const before = proxy.connections;
    const t = await s.test();
    expect(t).toMatchObject({ ok: true, details: { hostKeyVerified: true, uploadEntries: 0, downloadEntries: 0 } });
    const key = `reuse-${randomUUID()}`;
    const st = await s.submit(await b.signed(s, b.payment()), key);
    expect(st.state).toBe('received');
    expect(await s.status({ idempotencyKey: key })).toMatchObject({ bankId: st.bankId, state: 'received' });
    await s.test();
    expect(proxy.connections - before).toBe(1);
    await s.close();
  });

  it('a wrongly written fingerprint or missing passphrase variable is a CONN_CONFIG error at open', async () => {
    await expect(b.open({ host_key_sha256: 'ab:cd' })).rejects.toMatchObject({ code: 'CONN_CONFIG' });
    await expect(b.open({ passphrase_env: 'NOT_SET_ANYWHERE_BANK_SFTP' })).rejects.toMatchObject({ code: 'CONN_CONFIG' });
  });
});
