// Typed gateway error carrying a stable catalogue code and its kind (user / operational / bug).
import { ERROR_CODES, type ErrorCode, type ErrorKind } from './error-codes.ts';

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code].en, options);
    this.name = 'GatewayError';
    this.code = code;
    this.kind = ERROR_CODES[code].kind;
    this.details = details;
  }
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}

/** Operational errors are retried with back-off; user errors and bugs are not. */
export function isRetryable(e: unknown): boolean {
  return isGatewayError(e) ? e.kind === 'operational' : true;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
