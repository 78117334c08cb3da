// Fault knobs on the wire: latency and the 500 error rate before a client request is handled; after a mutating request
// has been stored, a connection reset or a held request that never answers (reliability-security.md 10 rows 2, 7, 8).
import type { MiddlewareHandler } from 'hono';
import type { FaultBox } from '../fault-knobs.ts';
import { dropConnection, errorBody, type SandboxEnv } from './http.ts';

/** Held requests, released (and their connections dropped) when their time is up or the sandbox closes. */
export interface Hangs {
  wait(ms: number): Promise<void>;
  releaseAll(): void;
}

export function createHangs(): Hangs {
  const pending = new Set<() => void>();
  return {
    wait(ms) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        pending.add(done);
      });
    },
    releaseAll() {
      for (const done of [...pending]) done();
    },
  };
}

export function faultsBefore(faults: FaultBox): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const latency = faults.take('latency_ms');
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const rate = faults.take('error_rate');
    if (rate > 0 && Math.random() < rate) return c.json(errorBody('SANDBOX_FAULT', 'injected fault: error_rate'), 500);
    await next();
  };
}

/** For the routes that store something: runs after the handler committed. */
export function faultsAfterStore(faults: FaultBox, hangs: Hangs): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    if (faults.take('reset_after_accept')) {
      dropConnection(c);
      return;
    }
    if (faults.take('accepted_no_answer')) {
      await hangs.wait(faults.state().hang_ms);
      dropConnection(c);
    }
  };
}
