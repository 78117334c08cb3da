// One SSH/SFTP connection to the bank, opened on first use, reused, and opened again after it drops. The server's host
// key is checked against the pin during the handshake, before the client authenticates or sends a byte of a file.
import SftpClient from 'ssh2-sftp-client';
import { errorMessage } from '../../gateway/core/errors.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import { hostKeyFingerprint, hostKeyMismatch } from './host-key.ts';
import { connectError, isConnectionLost, operationError } from './sftp-errors.ts';

export interface SftpTransportOptions {
  host: string;
  port: number;
  username: string;
  privateKey: Buffer;
  passphrase?: string;
  hostKeySha256: string;
  connectTimeoutMs: number;
  logger: Logger;
}

export interface SftpTransport {
  /**
   * Runs `fn` on the open connection (opening it first when needed). Calls run one at a time: ssh2-sftp-client keeps
   * its error bookkeeping per client, and a submit's upload-then-rename sequence must not interleave with a poll.
   * Failures come back as CONN_ GatewayErrors; when the link broke, the connection is dropped so the next call re-opens.
   */
  use<T>(what: string, fn: (sftp: SftpClient) => Promise<T>): Promise<T>;
  /** Whether a connection is open right now (for test() details). */
  readonly connected: boolean;
  close(): Promise<void>;
}

/**
 * Ends a client. A broken link is destroyed at once (a polite end would wait for a peer that is gone); a healthy one
 * is ended politely, destroyed if that takes more than a second.
 */
async function discard(c: SftpClient, polite: boolean): Promise<void> {
  const raw = (c as unknown as { client?: { destroy?(): void } }).client;
  if (polite) await Promise.race([c.end().catch(() => undefined), new Promise((r) => setTimeout(r, 1_000).unref())]);
  else void c.end().catch(() => undefined);
  raw?.destroy?.();
}

export function createTransport(o: SftpTransportOptions): SftpTransport {
  let current: SftpClient | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const open = async (): Promise<SftpClient> => {
    let presented: string | null = null;
    let mismatch = false;
    const client: SftpClient = new SftpClient('bank-sftp', {
      // Events between calls (the bank closed an idle connection): forget the client, the next call re-opens.
      error: (e) => {
        o.logger.debug({ cause: errorMessage(e) }, 'sftp connection error between calls');
        if (current === client) current = null;
      },
      end: () => {
        if (current === client) current = null;
      },
      close: () => {
        if (current === client) current = null;
      },
    });
    try {
      await client.connect({
        host: o.host,
        port: o.port,
        username: o.username,
        privateKey: o.privateKey,
        ...(o.passphrase !== undefined ? { passphrase: o.passphrase } : {}),
        readyTimeout: o.connectTimeoutMs,
        // Dead links are noticed within ~45 s even when no call is running.
        keepaliveInterval: 15_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          presented = hostKeyFingerprint(key);
          mismatch = presented !== o.hostKeySha256;
          return !mismatch;
        },
      });
    } catch (e) {
      void discard(client, false);
      if (mismatch && presented) throw hostKeyMismatch(o.host, o.port, o.hostKeySha256, presented);
      throw connectError(e, o);
    }
    o.logger.debug({ host: o.host, port: o.port, hostKey: presented }, 'sftp connection opened');
    return client;
  };

  const run = async <T>(what: string, fn: (sftp: SftpClient) => Promise<T>): Promise<T> => {
    if (closed) throw connectError(new Error('this bank-sftp session is closed'), o);
    current ??= await open();
    const client = current;
    try {
      return await fn(client);
    } catch (e) {
      const err = operationError(e, what);
      if (isConnectionLost(e) || err.details?.connectionLost === true) {
        if (current === client) current = null;
        void discard(client, false);
      }
      throw err;
    }
  };

  return {
    use<T>(what: string, fn: (sftp: SftpClient) => Promise<T>): Promise<T> {
      const next = queue.then(
        () => run(what, fn),
        () => run(what, fn),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    get connected() {
      return current !== null;
    },
    async close() {
      closed = true;
      await queue.catch(() => undefined);
      const c = current;
      current = null;
      if (c) await discard(c, true);
    },
  };
}
