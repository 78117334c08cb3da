// Coalesces document submissions into POST /v1/documents/batch: those of the same event-loop turn, and those made while
// `inFlight` requests are already out (they wait for one to finish and go together). Under load the bank verifies and
// stores a whole batch per request and per commit; a lone document on an idle line still goes to POST /v1/documents.
import type { DocumentStatus, SubmitRequest } from '../bank-api/contract.ts';
import { BATCH_MAX } from '../bank-api/contract.ts';
import type { BankApi } from './api.ts';
import { badResponse, statusError, type ExchangeLabel } from './http-errors.ts';
import type { Resilience } from './resilience.ts';

export interface Batcher {
  /** Resolves or rejects exactly as a single POST /v1/documents of this document would (same CONN_ codes). */
  submit(body: SubmitRequest, idempotencyKey: string): Promise<DocumentStatus>;
}

interface Pending {
  body: SubmitRequest;
  key: string;
  resolve(s: DocumentStatus): void;
  reject(e: unknown): void;
}

const BATCH: ExchangeLabel = { method: 'POST', path: '/v1/documents/batch' };

export function createBatcher(o: { api: BankApi; resilience: Resilience; max?: number; inFlight?: number }): Batcher {
  const max = Math.min(BATCH_MAX, Math.max(1, o.max ?? BATCH_MAX));
  const limit = Math.max(1, o.inFlight ?? 8);
  const waiting: Pending[] = [];
  let scheduled = false;
  let running = 0;

  async function sendOne(p: Pending): Promise<void> {
    try {
      p.resolve(await o.resilience.guarded(() => o.api.submit(p.body, p.key, 'documents')));
    } catch (e) {
      p.reject(e);
    }
  }

  async function sendMany(items: Pending[]): Promise<void> {
    let results;
    try {
      // One trip through the breaker per request: a failed batch counts once, as one failed call would.
      results = (await o.resilience.guarded(() => o.api.submitBatch({ documents: items.map((p) => ({ ...p.body, idempotency_key: p.key })) }))).results;
    } catch (e) {
      // Whatever happened to the request happened to each document in it (sent or not, answered or not).
      for (const p of items) p.reject(e);
      return;
    }
    items.forEach((p, i) => {
      const r = results[i];
      if (!r || r.idempotency_key !== p.key) {
        p.reject(badResponse(BATCH, `result ${i + 1} of ${items.length} is missing or names another key: the bank's answer for ${p.key} is unknown`, 200));
      } else if (r.http_status === 200 && r.document) {
        p.resolve(r.document);
      } else {
        p.reject(statusError(r.http_status, r.error ? { error: r.error } : undefined, BATCH));
      }
    });
  }

  /** Next turn: whatever is waiting then goes out, in requests of up to `max`, while fewer than `limit` are out. */
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  }

  function pump(): void {
    scheduled = false;
    while (running < limit && waiting.length > 0) {
      const chunk = waiting.splice(0, max);
      running++;
      void (chunk.length === 1 ? sendOne(chunk[0]!) : sendMany(chunk)).finally(() => {
        running--;
        schedule();
      });
    }
  }

  return {
    submit(body, key) {
      return new Promise<DocumentStatus>((resolve, reject) => {
        waiting.push({ body, key, resolve, reject });
        schedule();
      });
    },
  };
}
