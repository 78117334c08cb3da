// Retry with exponential back-off and a circuit breaker (cockatiel): only operational failures are retried or counted
// against the bank; user errors (4xx) come back at once and leave the breaker alone.
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import { GatewayError, isGatewayError } from '../../gateway/core/errors.ts';

export interface ResilienceOptions {
  attempts: number;
  baseMs: number;
  maxMs: number;
  breakerThreshold: number;
  halfOpenAfterMs: number;
}

export interface Resilience {
  /** One call through the breaker, no retry. */
  guarded<T>(fn: () => Promise<T>): Promise<T>;
  /** Retried with back-off while the failure is operational; each try goes through the breaker. */
  retried<T>(fn: () => Promise<T>): Promise<T>;
  /** The retry policy alone, for callers that compose their own try (submit's unknown-outcome handling). */
  readonly retry: RetryPolicy;
  readonly breaker: CircuitBreakerPolicy;
  readonly circuit: () => 'closed' | 'open' | 'half-open';
}

/** The bank is at fault or unreachable: worth counting and retrying. CONN_CIRCUIT_OPEN is not — waiting is the point. */
export function isOperational(e: unknown): boolean {
  return isGatewayError(e) && e.kind === 'operational' && e.code !== 'CONN_CIRCUIT_OPEN';
}

/** cockatiel's open-circuit errors in our catalogue; everything else passes unchanged. */
export function circuitError(e: unknown): unknown {
  if (e instanceof BrokenCircuitError || e instanceof IsolatedCircuitError) {
    return new GatewayError('CONN_CIRCUIT_OPEN', 'bank calls are paused after repeated failures; the next trial call goes through after half_open_after_ms', { sent: false }, { cause: e });
  }
  return e;
}

export function createResilience(o: ResilienceOptions): Resilience {
  const breaker = circuitBreaker(handleWhen(isOperational), {
    breaker: new ConsecutiveBreaker(o.breakerThreshold),
    halfOpenAfter: o.halfOpenAfterMs,
  });
  // maxAttempts counts retries after the first try; config `attempts` counts tries.
  const retryPolicy = retry(handleWhen(isOperational), {
    maxAttempts: o.attempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: o.baseMs, maxDelay: o.maxMs }),
  });
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await breaker.execute(fn);
    } catch (e) {
      throw circuitError(e);
    }
  };
  return {
    guarded,
    retried: <T>(fn: () => Promise<T>) => retryPolicy.execute(() => guarded(fn)),
    retry: retryPolicy,
    breaker,
    circuit: () => (breaker.state === CircuitState.Closed ? 'closed' : breaker.state === CircuitState.HalfOpen ? 'half-open' : 'open'),
  };
}
