// An open bank-sftp session: the ConnectorSession methods over one reused SSH connection, the download poller and
// the connector's state file. FX confirmations and letters are not carried by this channel.
import type { BankStatus, ConnectorSession, ConnectorTestResult, Receipt } from '../../gateway/core/connector.ts';
import { GatewayError, errorMessage, isGatewayError } from '../../gateway/core/errors.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import { signedBytes } from '../../signer/signed-bytes.ts';
import type { BankSftpConfig } from './config.ts';
import { createPoller } from './poll.ts';
import { createRetry } from './retry.ts';
import type { SftpState, SubmissionRecord } from './state.ts';
import { namesFor, remotePath } from './naming.ts';
import { statementFor } from './statement.ts';
import { statusOf, submitDocument } from './submit.ts';
import { createTransport } from './transport.ts';
import { remoteExists } from './upload.ts';

export interface SessionDeps {
  config: BankSftpConfig;
  privateKey: Buffer;
  passphrase: string | undefined;
  state: SftpState;
  logger: Logger;
}

export function openSession({ config, privateKey, passphrase, state, logger }: SessionDeps): ConnectorSession {
  const transport = createTransport({
    host: config.host,
    port: config.port,
    username: config.username,
    privateKey,
    ...(passphrase !== undefined ? { passphrase } : {}),
    hostKeySha256: config.host_key_sha256,
    connectTimeoutMs: config.connect_timeout_ms,
    logger,
  });
  const retried = createRetry({ attempts: config.retry.attempts, baseMs: config.retry.base_ms, maxMs: config.retry.max_ms, logger });
  const poller = createPoller({ transport, retried, state, dir: config.download_dir, intervalMs: config.poll_interval_ms, maxFileBytes: config.max_file_bytes, retentionDays: config.retention_days, logger });
  poller.start();
  let closed = false;
  const whileOpen = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      if (closed) return Promise.reject(new GatewayError('CONN_UNREACHABLE', 'this bank-sftp session is closed', { sent: false }));
      return fn(...a);
    };

  /** The submission a receipt names: by idempotency key, else by bank id (the MsgId). */
  const find = (receipt: Receipt | { idempotencyKey: string }): [string, SubmissionRecord] | null => {
    const byKey = state.data.submissions[receipt.idempotencyKey];
    if (byKey && (!('bankId' in receipt) || byKey.messageId === receipt.bankId)) return [receipt.idempotencyKey, byKey];
    if ('bankId' in receipt) {
      const hit = Object.entries(state.data.submissions).find(([, r]) => r.messageId === receipt.bankId);
      if (hit) return hit;
    }
    return null;
  };

  const notSupported = (what: string) => new GatewayError('CONN_NOT_SUPPORTED', `${what} are not exchanged over the bank's SFTP channel; use the bank's online channel`, { sent: false });

  return {
    signingPayload: (doc) => signedBytes({ id: doc.id, document: doc.document }),

    submit: whileOpen((doc, idempotencyKey) => submitDocument({ transport, retried, state, uploadDir: config.upload_dir, profile: config.pain001_profile, logger, readAnswers: poller.sync }, doc, idempotencyKey)),

    status: whileOpen(async (receipt): Promise<BankStatus | null> => {
      const found = find(receipt);
      if (!found) return null;
      const [key, rec] = found;
      const known = state.data.statuses[rec.messageId];
      // Final answers need no look; anything else is read fresh from the download folder.
      if (known?.state !== 'executed' && known?.state !== 'rejected') await poller.sync();
      if (rec.uploaded || state.data.statuses[rec.messageId]) return statusOf(state, key, rec);
      // The upload's outcome is open here (crash or lost answer): the file in place means the bank has it.
      const there = await retried('status', () => transport.use('stat upload', (sftp) => remoteExists(sftp, remotePath(config.upload_dir, namesFor(key).xml))));
      return there ? statusOf(state, key, rec) : null;
    }),

    statement: whileOpen(async (account, from, to) => {
      await poller.sync();
      return statementFor(state.data, account, from, to);
    }),

    fxConfirmations: whileOpen(async () => []),

    letters: {
      send: whileOpen(async () => {
        throw notSupported('letters');
      }),
      fetch: whileOpen(async () => []),
    },

    // Diagnostics bypass the retries: the operator sees what the server does right now. Never throws.
    async test(): Promise<ConnectorTestResult> {
      const started = performance.now();
      const base = { host: config.host, port: config.port, username: config.username, hostKey: config.host_key_sha256, uploadDir: config.upload_dir, downloadDir: config.download_dir };
      try {
        if (closed) throw new GatewayError('CONN_UNREACHABLE', 'this bank-sftp session is closed');
        const counts = await transport.use('test', async (sftp) => ({
          uploadEntries: (await sftp.list(config.upload_dir)).length,
          downloadEntries: (await sftp.list(config.download_dir)).length,
        }));
        return { ok: true, details: { ...base, ...counts, hostKeyVerified: true, latencyMs: Math.round(performance.now() - started) } };
      } catch (e) {
        const code = isGatewayError(e) ? e.code : null;
        return { ok: false, details: { ...base, code, latencyMs: Math.round(performance.now() - started) }, error: code ? `${code}: ${errorMessage(e)}` : errorMessage(e) };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await poller.stop();
      await transport.close();
    },
  };
}

