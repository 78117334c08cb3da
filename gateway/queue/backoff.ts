// Retry policy: exponential back-off delays, which errors are not worth retrying, and error text kept on jobs.
import { errorMessage, isGatewayError } from '../core/errors.ts';
import type { UnrecoverableMark } from './port.ts';

/** Share of the delay added as random jitter (at most +10 %), so retries of a burst do not collide. */
const JITTER = 0.1;

/**
 * Delay before the retry that follows failed attempt `attempt` (1-based): backoffMs * 2^(attempt-1),
 * plus up to 10 % jitter, never above maxBackoffMs.
 */
export function backoffDelay(attempt: number, backoffMs: number, maxBackoffMs: number, random: () => number = Math.random): number {
  // Capping the exponent keeps 2^n finite for absurd attempt counts; the cap below does the real limiting.
  const raw = backoffMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40);
  return Math.round(Math.min(raw * (1 + JITTER * random()), maxBackoffMs));
}

/** User errors and errors marked `unrecoverable` go straight to dead: retrying cannot fix bad input. */
export function isUnrecoverable(e: unknown): boolean {
  if (isGatewayError(e)) return e.kind === 'user';
  return typeof e === 'object' && e !== null && (e as UnrecoverableMark).unrecoverable === true;
}

/** Error text stored on the job; gateway errors keep their code so the dashboard can group them. */
export function failureText(e: unknown): string {
  return isGatewayError(e) ? `${e.code}: ${e.message}` : errorMessage(e);
}
