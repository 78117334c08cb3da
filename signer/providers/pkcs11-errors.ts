// PKCS#11 return values (CKR_*, PKCS#11 2.40 section 5.1) thrown by pkcs11js, mapped to the gateway's SIGN_ codes.
import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';
import { GatewayError } from '../../gateway/core/errors.ts';
import { ERROR_CODES, type ErrorCode } from '../../gateway/core/error-codes.ts';

const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;

/** Numeric CKR value → name, from pkcs11js's constants (for errors that carry only the number). */
const CKR_NAMES = new Map<number, string>(
  Object.entries(pkcs11js)
    .filter(([k, v]) => k.startsWith('CKR_') && typeof v === 'number')
    .map(([k, v]) => [v as number, k]),
);

/** What the caller was doing: a vanished key handle means "token removed" only inside a logged-in session. */
export type Pkcs11Step = 'load' | 'list' | 'open' | 'sign' | 'close';

const BY_NAME: Record<string, ErrorCode> = {
  CKR_PIN_INCORRECT: 'SIGN_PIN_INCORRECT',
  // A PIN of the wrong length or with forbidden characters is, to the user, a wrong PIN (PKCS#11 2.40 section 5.9 C_Login).
  CKR_PIN_LEN_RANGE: 'SIGN_PIN_INCORRECT',
  CKR_PIN_INVALID: 'SIGN_PIN_INCORRECT',
  CKR_PIN_LOCKED: 'SIGN_PIN_LOCKED',
  CKR_TOKEN_NOT_PRESENT: 'SIGN_TOKEN_NOT_PRESENT',
  CKR_TOKEN_NOT_RECOGNIZED: 'SIGN_TOKEN_NOT_PRESENT',
  CKR_SLOT_ID_INVALID: 'SIGN_TOKEN_NOT_PRESENT',
  CKR_DEVICE_REMOVED: 'SIGN_DEVICE_REMOVED',
  CKR_SESSION_HANDLE_INVALID: 'SIGN_DEVICE_REMOVED',
  CKR_SESSION_CLOSED: 'SIGN_DEVICE_REMOVED',
  CKR_DEVICE_ERROR: 'SIGN_DEVICE_REMOVED',
};

/**
 * Inside an open, logged-in session the key handle was valid; when the token later answers "no such object" or "not
 * logged in", the token was pulled or re-initialised under us (SoftHSM2 answers CKR_OBJECT_HANDLE_INVALID to C_SignInit
 * after `softhsm2-util --delete-token`).
 */
const VANISHED_IN_SESSION = new Set(['CKR_OBJECT_HANDLE_INVALID', 'CKR_KEY_HANDLE_INVALID', 'CKR_USER_NOT_LOGGED_IN']);

/** The CKR name of a pkcs11js error (Pkcs11Error puts it in `message`, with the number in `code`), else null. */
export function ckrName(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const m = /\b(CKR_[A-Z0-9_]+)/.exec(e.message);
  if (m) return m[1]!;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' && code !== 0 ? (CKR_NAMES.get(code) ?? `CKR_0x${code.toString(16)}`) : null;
}

/** Maps any error from a pkcs11js call to a GatewayError; GatewayErrors pass through. Never sees or prints the PIN. */
export function mapPkcs11Error(e: unknown, step: Pkcs11Step, context: Record<string, unknown> = {}): GatewayError {
  if (e instanceof GatewayError) return e;
  const name = ckrName(e);
  const rawMethod = e instanceof Error ? (e as Error & { method?: unknown }).method : undefined;
  const method = typeof rawMethod === 'string' ? rawMethod : '';
  const where = method ? `${method}: ` : '';
  const details = { ...context, step, ckr: name, method: method || undefined };
  let code: ErrorCode = name ? (BY_NAME[name] ?? 'SIGN_PROVIDER_FAILED') : 'SIGN_PROVIDER_FAILED';
  if (name && step === 'sign' && VANISHED_IN_SESSION.has(name)) code = 'SIGN_DEVICE_REMOVED';
  const reason = name ?? (e instanceof Error ? e.message : String(e));
  // The catalogue sentence first (what the user reads), then the token's own answer (what support needs).
  const message = `${ERROR_CODES[code].en} (PKCS#11 ${step}: ${where}${reason})`;
  return new GatewayError(code, message, details, { cause: e });
}
