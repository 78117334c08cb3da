// Coalesces document submissions made in the same event-loop turn into one POST /v1/documents/batch: under load the
// bank verifies and stores a whole batch per request and per commit; a lone document still goes to POST /v1/documents.
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

export function createBatcher(o: { api: BankApi; resilience: Resilience; max?: number }): Batcher {
  const max = Math.min(BATCH_MAX, Math.max(1, o.max ?? BATCH_MAX));
  let pending: Pending[] | null = null;

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

  function flush(): void {
    const items = pending ?? [];
    pending = null;
    for (let i = 0; i < items.length; i += max) {
      const chunk = items.slice(i, i + max);
      void (chunk.length === 1 ? sendOne(chunk[0]!) : sendMany(chunk));
    }
  }

  return {
    submit(body, key) {
      return new Promise<DocumentStatus>((resolve, reject) => {
        if (!pending) {
          pending = [];
          setImmediate(flush);
        }
        pending.push({ body, key, resolve, reject });
      });
    },
  };
}
