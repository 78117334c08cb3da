// bank-sftp configuration: the pinned fingerprint in OpenSSH form, secrets by env name only, defaults, strictness.
import { describe, expect, it } from 'vitest';
import { bankSftpConfigSchema, bankSftpConnector } from '../../../connectors/bank-sftp/index.ts';
import { hostKeyFingerprint } from '../../../connectors/bank-sftp/host-key.ts';
import { silentLogger } from '../../../gateway/core/logger.ts';

const FP = 'SHA256:E/92UByZ/cWc5lnCb5oJSSsOnQcPZhR0a9f1CuizSpQ';
const base = { host: '127.0.0.1', username: 'bankgate', private_key_path: '/etc/bankgate/id_ed25519', host_key_sha256: FP, upload_dir: '/in', download_dir: '/out', state_dir: '/var/lib/bankgate/sftp' };

describe('bank-sftp config', () => {
  it('defaults: port 22, 60 s polling, retries; the fingerprint kept in OpenSSH form (a trailing = dropped)', () => {
    const c = bankSftpConfigSchema.parse({ ...base, host_key_sha256: `${FP}=`, upload_dir: '/in/' });
    expect(c).toMatchObject({ port: 22, poll_interval_ms: 60_000, host_key_sha256: FP, upload_dir: '/in', retry: { attempts: 5 } });
  });

  it('refuses hex or MD5 fingerprints, unknown keys, a passphrase in the config, the same folder both ways', () => {
    expect(bankSftpConfigSchema.safeParse({ ...base, host_key_sha256: 'ab'.repeat(32) }).success).toBe(false);
    expect(bankSftpConfigSchema.safeParse({ ...base, host_key_sha256: 'MD5:12:34' }).success).toBe(false);
    expect(bankSftpConfigSchema.safeParse({ ...base, passphrase: 'secret' }).success).toBe(false);
    expect(bankSftpConfigSchema.safeParse({ ...base, passphrase_env: 'not a name' }).success).toBe(false);
    expect(bankSftpConfigSchema.safeParse({ ...base, download_dir: '/in' }).success).toBe(false);
    expect(bankSftpConfigSchema.safeParse({ ...base, upload_dir: '../in' }).success).toBe(false);
  });

  it('the fingerprint helper matches ssh-keygen -lf (SHA-256 of the key blob, base64 without padding)', () => {
    expect(hostKeyFingerprint(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });

  it('declares its secret paths and what it does not carry; a bad config is CONN_CONFIG naming the field', async () => {
    expect(bankSftpConnector.name).toBe('bank-sftp');
    expect(bankSftpConnector.secrets).toEqual(['passphrase_env']);
    expect(bankSftpConnector.supports).toEqual({ fxConfirmations: false, letters: false });
    await expect(bankSftpConnector.open({ ...base, port: 0 }, { logger: silentLogger, env: {} })).rejects.toMatchObject({ code: 'CONN_CONFIG', message: expect.stringContaining('port') });
  });
});
