// Maps what ssh2 / ssh2-sftp-client throw to CONN_ codes, and says whether the connection is gone (re-open before the
// next call) and whether the request may have reached the server (`details.sent`).
import { GatewayError, errorMessage, isGatewayError } from '../../gateway/core/errors.ts';

/** Socket failures before anything was said: nothing reached the bank. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** The link broke under a call: the call may or may not have been carried out. */
const LINK_LOST = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_GENERIC_CLIENT', 'ERR_NOT_CONNECTED']);

/** SFTP status codes (draft-ietf-secsh-filexfer-02, what OpenSSH speaks) that the server answered with. */
export const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;
const SFTP_NO_CONNECTION = 6;
const SFTP_CONNECTION_LOST = 7;

function codeOf(e: unknown): string | number | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' || typeof c === 'number' ? c : undefined;
}

/** The server said the path does not exist (ssh2 status 2, or the client library's ENOENT). */
export function isNoSuchFile(e: unknown): boolean {
  const c = codeOf(e);
  return c === SFTP_NO_SUCH_FILE || c === 'ENOENT';
}

/** Whether the SSH connection must be dropped and opened again before the next call. */
export function isConnectionLost(e: unknown): boolean {
  if (isGatewayError(e)) return e.details?.connectionLost === true;
  const c = codeOf(e);
  if (c === SFTP_NO_CONNECTION || c === SFTP_CONNECTION_LOST) return true;
  if (typeof c === 'string' && (LINK_LOST.has(c) || NOT_CONNECTED.has(c))) return true;
  return /No SFTP connection|Unexpected (close|end) event|Not connected|socket|reset/i.test(errorMessage(e));
}

/** A failure while opening the connection (socket, handshake, authentication). Nothing was sent to the bank folders. */
export function connectError(e: unknown, at: { host: string; port: number }): GatewayError {
  if (isGatewayError(e)) return e;
  const code = codeOf(e);
  const msg = errorMessage(e);
  const base = { host: at.host, port: at.port, cause: msg, errno: code ?? null, sent: false, connectionLost: true };
  const where = `SFTP ${at.host}:${at.port}`;
  if (/authentication methods failed|authentication failed/i.test(msg)) {
    return new GatewayError('CONN_AUTH', `${where}: the server refused the client key (check username and authorized_keys)`, base, { cause: e });
  }
  if (/privateKey|private key|passphrase|Encrypted private/i.test(msg)) {
    return new GatewayError('CONN_CONFIG', `${where}: the client private key cannot be used: ${msg}`, base, { cause: e });
  }
  if (/Timed out|timeout/i.test(msg) || code === 'ETIMEDOUT') {
    return new GatewayError('CONN_TIMEOUT', `${where}: connecting took too long: ${msg}`, base, { cause: e });
  }
  return new GatewayError('CONN_UNREACHABLE', `${where}: ${msg}`, base, { cause: e });
}

/** A failure of one SFTP call on an open connection. */
export function operationError(e: unknown, what: string): GatewayError {
  if (isGatewayError(e)) return e;
  const code = codeOf(e);
  const msg = errorMessage(e);
  const lost = isConnectionLost(e);
  const details = { operation: what, cause: msg, errno: code ?? null, connectionLost: lost, sent: true };
  if (lost) return new GatewayError('CONN_UNREACHABLE', `SFTP ${what}: the connection dropped: ${msg}`, details, { cause: e });
  if (code === SFTP_PERMISSION_DENIED || code === 'EACCES') {
    return new GatewayError('CONN_AUTH', `SFTP ${what}: permission denied by the server: ${msg}`, details, { cause: e });
  }
  if (isNoSuchFile(e)) return new GatewayError('CONN_NOT_FOUND', `SFTP ${what}: no such file or folder: ${msg}`, details, { cause: e });
  // Generic failure answered by a live server (disk full, a lock): transient from our side, worth a retry.
  return new GatewayError('CONN_SERVER_ERROR', `SFTP ${what}: ${msg}`, details, { cause: e });
}
