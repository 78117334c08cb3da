// Retries with exponential back-off (cockatiel) for operational failures only — an unreachable server, a dropped link,
// a server-side failure; user errors (host key, credentials, configuration, permissions) come back at once.
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { isGatewayError } from '../../gateway/core/errors.ts';
import type { Logger } from '../../gateway/core/logger.ts';

export interface RetryOptions {
  attempts: number;
  baseMs: number;
  maxMs: number;
  logger: Logger;
}

export type Retried = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

export const isOperational = (e: unknown): boolean => isGatewayError(e) && e.kind === 'operational';

export function createRetry(o: RetryOptions): Retried {
  // maxAttempts counts retries after the first try; config `attempts` counts tries.
  const policy = retry(handleWhen(isOperational), {
    maxAttempts: o.attempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: o.baseMs, maxDelay: o.maxMs }),
  });
  return (what, fn) =>
    policy.execute(async ({ attempt }) => {
      try {
        return await fn();
      } catch (e) {
        if (isOperational(e)) o.logger.warn({ what, attempt, code: isGatewayError(e) ? e.code : null, cause: e instanceof Error ? e.message : String(e) }, 'bank-sftp call failed (operational: retried with back-off while tries remain)');
        throw e;
      }
    });
}
