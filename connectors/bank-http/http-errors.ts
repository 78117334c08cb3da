// Maps what can go wrong in one HTTP exchange to CONN_ codes, and records whether the request may have reached the
// bank (`details.sent`): that decides between a plain retry and a status query first (reliability-security.md 10 row 2).
import { errorSchema } from '../bank-api/contract.ts';
import { GatewayError, errorMessage, isGatewayError } from '../../gateway/core/errors.ts';

export interface ExchangeLabel {
  method: string;
  path: string;
}

/** Failures that happen before a connection exists: the request was certainly not sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'EPROTO']);

/** OpenSSL certificate verification results as Node names them: the handshake failed, so no HTTP byte went out. */
const CERT_VERIFY_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

const notSent = (code: string) => NOT_SENT_CODES.has(code) || CERT_VERIFY_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_CERT');

function codeOf(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** A thrown transport error (undici, node:net/tls, our timeout signal) as a GatewayError. */
export function transportError(e: unknown, at: ExchangeLabel): GatewayError {
  if (isGatewayError(e)) return e; // the pin check already speaks our language
  const code = codeOf(e);
  const name = (e as { name?: unknown } | null)?.name;
  const base = { ...at, cause: errorMessage(e), errno: code ?? null };
  if (code && notSent(code)) {
    const c = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'CONN_TIMEOUT' : 'CONN_UNREACHABLE';
    return new GatewayError(c, `${at.method} ${at.path}: ${errorMessage(e)}`, { ...base, sent: false }, { cause: e });
  }
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new GatewayError('CONN_TIMEOUT', `${at.method} ${at.path}: the bank did not answer in time`, { ...base, sent: true }, { cause: e });
  }
  // Resets and closes mid-exchange: the request may have been written and acted on.
  return new GatewayError('CONN_UNREACHABLE', `${at.method} ${at.path}: ${errorMessage(e)}`, { ...base, sent: true }, { cause: e });
}

/** A non-2xx answer as a GatewayError carrying the bank's own error code and reason when it sent them. */
export function statusError(status: number, body: unknown, at: ExchangeLabel): GatewayError {
  const parsed = errorSchema.safeParse(body);
  const bank = parsed.success ? parsed.data.error : null;
  const details = { ...at, status, sent: true, bankCode: bank?.code ?? null, reason: bank?.reason ?? null };
  const said = bank ? `${bank.code}: ${bank.message}` : `HTTP ${status}`;
  const msg = `${at.method} ${at.path}: bank answered ${said}`;
  if (status === 401 || status === 403) return new GatewayError('CONN_AUTH', msg, details);
  if (status === 404) return new GatewayError('CONN_NOT_FOUND', msg, details);
  if (status === 409 || status === 422) {
    if (bank?.code === 'IDEMPOTENCY_MISMATCH' || bank?.reason?.code === 'IDEMPOTENCY_MISMATCH') return new GatewayError('CONN_IDEMPOTENCY_MISMATCH', msg, details);
  }
  if (status === 408 || status === 429 || status >= 500) return new GatewayError('CONN_SERVER_ERROR', msg, details);
  if (status >= 400) return new GatewayError('CONN_BAD_REQUEST', msg, details);
  // 1xx/3xx: we follow no redirects (a redirect could move the token elsewhere).
  return new GatewayError('CONN_BAD_RESPONSE', msg, details);
}

export function badResponse(at: ExchangeLabel, problem: string, status?: number): GatewayError {
  return new GatewayError('CONN_BAD_RESPONSE', `${at.method} ${at.path}: ${problem}`, { ...at, status: status ?? null, sent: true });
}

/** Whether an operational failure leaves the request's effect at the bank unknown. */
export function mayHaveReachedBank(e: unknown): boolean {
  if (!isGatewayError(e)) return true;
  if (e.kind !== 'operational' || e.code === 'CONN_CIRCUIT_OPEN') return false;
  return e.details?.sent !== false;
}
