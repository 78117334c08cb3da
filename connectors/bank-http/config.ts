// Configuration of the bank-http connector (zod): where the bank is, which env var holds the token, the pinned
// certificate fingerprint, and the timeout / retry / circuit-breaker budgets.
import { isIP } from 'node:net';
import { z } from 'zod';

/** Secrets never sit in the config: `token_env` names the environment variable holding the bearer token. */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as BANK_TOKEN');

/**
 * SHA-256 of the server's leaf certificate (DER) as 64 hex digits; colons and case are accepted
 * ('AB:CD:…', what browsers and `openssl x509 -fingerprint -sha256` print) and normalised to lowercase hex.
 */
export const fingerprintSchema = z
  .string()
  .transform((s) => s.replace(/[:\s]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 fingerprint: 64 hex digits, colons allowed'));

export const bankHttpConfigSchema = z
  .strictObject({
    /** Base URL of the bank API (the `/v1/...` paths are appended): https://bank.example.kz/api */
    url: z.string().min(1),
    token_env: envName,
    /** When set, the connection is accepted only if the leaf certificate's SHA-256 matches (self-signed certs work). */
    tls_fingerprint: fingerprintSchema.optional(),
    /** One HTTP exchange, connect included. */
    timeout_ms: z.int().min(50).max(600_000).default(10_000),
    /**
     * Connections kept open to the bank (keep-alive). Submission requests use all but one of them (status, statement
     * and letter calls keep that one); submissions made while those are busy wait and go together in the next batch
     * request. Bounded so a burst of documents never opens hundreds of TLS connections at once (a handshake storm the
     * bank may answer with timeouts).
     */
    connections: z.int().min(1).max(256).default(8),
    retry: z
      .strictObject({
        /** Tries per call, the first one included (1 = no retry). */
        attempts: z.int().min(1).max(20).default(4),
        /** First back-off delay; it grows exponentially (with jitter) up to max_ms. */
        base_ms: z.int().min(1).default(200),
        max_ms: z.int().min(1).default(5_000),
      })
      .prefault({}),
    breaker: z
      .strictObject({
        /** Consecutive operational failures that open the circuit. */
        threshold: z.int().min(1).default(5),
        /** While open every call fails at once with CONN_CIRCUIT_OPEN; after this long one trial call is let through. */
        half_open_after_ms: z.int().min(1).default(30_000),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    let url: URL;
    try {
      url = new URL(c.url);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'not a URL' });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: 'custom', path: ['url'], message: 'credentials do not belong in the URL (use token_env)' });
    if (url.search || url.hash) ctx.addIssue({ code: 'custom', path: ['url'], message: 'the URL must not carry a query or fragment' });
    if (url.protocol === 'https:') return;
    if (url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'the URL must start with https://' });
      return;
    }
    // Plain HTTP only for tests on this machine: the token and signed payments never cross a network unencrypted.
    if (c.tls_fingerprint) ctx.addIssue({ code: 'custom', path: ['tls_fingerprint'], message: 'a pinned fingerprint needs an https:// URL' });
    else if (!isLoopback(url.hostname)) ctx.addIssue({ code: 'custom', path: ['url'], message: 'http:// is allowed only for a loopback host (127.0.0.1, ::1, localhost); use https://' });
  })
  .refine((c) => c.retry.max_ms >= c.retry.base_ms, { path: ['retry', 'max_ms'], message: 'max_ms must be at least base_ms' });

export type BankHttpConfigInput = z.input<typeof bankHttpConfigSchema>;
export type BankHttpConfig = z.output<typeof bankHttpConfigSchema>;

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** The config as it may appear in logs: the secret's env var name masked too (the connector's `secrets`). */
export function redactedConfig(c: BankHttpConfig): Record<string, unknown> {
  return { ...c, token_env: '[redacted]' };
}
