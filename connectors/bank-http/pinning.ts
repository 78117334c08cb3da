// Certificate pinning for undici: our own TLS connector that hands a socket to undici only after the server's leaf
// certificate has matched the pinned SHA-256, so not one request byte reaches an impostor.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { buildConnector } from 'undici';
import { GatewayError } from '../../gateway/core/errors.ts';

export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Raised when TCP or TLS setup does not finish in time: nothing was sent, so a retry cannot duplicate anything. */
export class ConnectTimeoutError extends Error {
  readonly code = 'UND_ERR_CONNECT_TIMEOUT';
  constructor(host: string, ms: number) {
    super(`connecting to ${host} took longer than ${ms} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

/**
 * An undici `connect` function pinned to one certificate. Chain validation is off (a bank's self-signed or private-CA
 * certificate has no public chain) and replaced by an exact match of the leaf certificate, checked in 'secureConnect'
 * before undici gets the socket — undici writes the request only after this callback. Session resumption is off
 * (no `session` passed, none cached) so every connection presents its certificate again.
 */
export function pinnedConnector(pin: string, connectTimeoutMs: number): buildConnector.connector {
  return ({ hostname, port, servername }, callback) => {
    const host = hostname.replace(/^\[|\]$/g, '');
    let done = false;
    const finish = (err: Error | null, socket: tls.TLSSocket | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        socket?.destroy();
        callback(err, null);
      } else callback(null, socket!);
    };
    const socket = tls.connect({
      host,
      port: Number(port) || 443,
      // SNI must be a name, never an IP literal (RFC 6066 3).
      servername: servername || (isIP(host) ? undefined : host),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    socket.setNoDelay(true);
    const timer = setTimeout(() => finish(new ConnectTimeoutError(host, connectTimeoutMs), socket), connectTimeoutMs);
    socket.once('error', (e) => finish(e, socket));
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw as Buffer | undefined;
      const actual = raw ? certificateFingerprint(raw) : null;
      if (actual !== pin) {
        finish(
          new GatewayError('CONN_TLS_PIN', `the bank at ${host}:${port} presented a certificate with SHA-256 ${actual ?? '(none)'}, pinned is ${pin}`, {
            host,
            port: Number(port),
            expected: pin,
            actual,
            sent: false,
          }),
          socket,
        );
        return;
      }
      finish(null, socket);
    });
  };
}
