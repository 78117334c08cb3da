// Configuration of the bank-sftp connector (zod): the SSH server and its pinned host key, the client key (passphrase by
// env name), the bank's upload and download folders, where fetch-once state lives, and the poll and retry budgets.
import { z } from 'zod';

/** Secrets never sit in the config: `passphrase_env` names the environment variable holding the key's passphrase. */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as BANK_SFTP_PASSPHRASE');

/** OpenSSH's form (`ssh-keygen -lf`, the ssh client's prompt): 'SHA256:' + 43 base64 characters; a trailing '=' is dropped. */
export const hostKeySha256Schema = z
  .string()
  .transform((s) => s.trim().replace(/=+$/, ''))
  .pipe(z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "an OpenSSH host key fingerprint: 'SHA256:' and 43 base64 characters (ssh-keygen -lf key.pub)"));

/** A remote folder as the server names it: absolute or relative to the login directory, no trailing slash. */
const remoteDir = z
  .string()
  .min(1)
  .transform((s) => (s.length > 1 ? s.replace(/\/+$/, '') : s))
  .refine((s) => !s.split('/').includes('..'), 'must not contain ..');

export const bankSftpConfigSchema = z
  .strictObject({
    host: z.string().min(1),
    port: z.int().min(1).max(65_535).default(22),
    username: z.string().min(1),
    /** OpenSSH or PEM private key file of the client (ed25519, ECDSA or RSA). */
    private_key_path: z.string().min(1),
    passphrase_env: envName.optional(),
    /** Required: a connection is used only after the server's host key matched (no trust on first use). */
    host_key_sha256: hostKeySha256Schema,
    /** Where payment files go (the bank reads complete names only; ours appear by rename). */
    upload_dir: remoteDir,
    /** Where the bank leaves pain.002 status reports and camt.053/054 statements. */
    download_dir: remoteDir,
    /**
     * Local folder for this connection's fetch-once state (one folder per bank connection). Processes of one machine
     * may share it (the gateway and its submit workers): every change is made under a lock file.
     */
    state_dir: z.string().min(1),
    /** How often the download folder is listed in the background; status and statement calls also look at once. */
    poll_interval_ms: z.int().min(50).max(86_400_000).default(60_000),
    /** TCP connect + SSH handshake + authentication. */
    connect_timeout_ms: z.int().min(100).max(600_000).default(20_000),
    /**
     * Days after which the state forgets download files the bank has removed, statements whose period ended, and
     * submissions with a final status: the state file is rewritten whole on each change and must not grow forever.
     */
    retention_days: z.int().min(1).max(3660).default(90),
    /** Files in the download folder larger than this are not fetched (logged once). */
    max_file_bytes: z.int().min(1).default(50 * 1024 * 1024),
    /** Where the Kazakh fields go in the pain.001 (plugins/format-iso20022/pain/profile.ts); the bank's settings. */
    pain001_profile: z.record(z.string(), z.unknown()).default({}),
    retry: z
      .strictObject({
        /** Tries per call, the first one included (1 = no retry). */
        attempts: z.int().min(1).max(20).default(5),
        /** First back-off delay; it grows exponentially (with jitter) up to max_ms. */
        base_ms: z.int().min(1).default(500),
        max_ms: z.int().min(1).default(15_000),
      })
      .prefault({}),
  })
  .refine((c) => c.retry.max_ms >= c.retry.base_ms, { path: ['retry', 'max_ms'], message: 'max_ms must be at least base_ms' })
  .refine((c) => c.upload_dir !== c.download_dir, { path: ['download_dir'], message: 'the download folder must differ from the upload folder' });

export type BankSftpConfigInput = z.input<typeof bankSftpConfigSchema>;
export type BankSftpConfig = z.output<typeof bankSftpConfigSchema>;

/** The config as it may appear in logs: the secret's env var name masked too (the connector's `secrets`). */
export function redactedConfig(c: BankSftpConfig): Record<string, unknown> {
  return { ...c, passphrase_env: c.passphrase_env ? '[redacted]' : undefined };
}
