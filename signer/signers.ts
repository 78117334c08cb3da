// The gateway's signer workers: one per bound key whose provider is configured, their token presence and lock state,
// and automatic signing (opt-in per account) that queues waiting documents for the designated key.
import type { Clock } from '../gateway/core/clock.ts';
import { GatewayError } from '../gateway/core/errors.ts';
import type { Logger } from '../gateway/core/logger.ts';
import type { JobCounts, JobQueue } from '../gateway/queue/port.ts';
import type { Store } from '../gateway/store/db.ts';
import { getKey, listKeys, type KeyRow } from '../gateway/store/keys-repo.ts';
import { awaitingFirstSignature } from '../gateway/store/signatures-repo.ts';
import { parseCertificate } from './certificate.ts';
import { tokenFor, type SigningConfig } from './config.ts';
import { closeProviders } from './key-registry.ts';
import { createPolicy, type SigningPolicy } from './policy.ts';
import type { PresenceSource } from './presence.ts';
import type { KeyProvider } from './provider.ts';
import { showForSigning, type SignOutcome } from './sign-documents.ts';
import { createSignerWorker, signQueueName, type SignerWorker, type SignerWorkerState } from './worker.ts';

export interface KeyView extends SignerWorkerState {
  provider: string;
  label: string;
  tokenLabel: string | null;
  tokenSerial: string | null;
  subject: string;
  iin: string | null;
  bin: string | null;
  notBefore: string;
  notAfter: string;
  boundUserId: string | null;
  /** No configured provider serves this key: it cannot sign here. */
  served: boolean;
  automatic: boolean;
  queue: JobCounts | null;
}

/** One document's signing result and the sign job it came from. */
export type OutcomeListener = (o: SignOutcome, job: { id: string; userId: string; keyId: string }) => void;

/** A recorded key as lists show it; without a running worker it is not present, not unlocked and not served. */
export function keyView(k: KeyRow, o: { state?: SignerWorkerState | undefined; served?: boolean; automatic?: boolean; queue?: JobCounts | null } = {}): KeyView {
  const cert = parseCertificate(k.certificate);
  return {
    ...(o.state ?? { keyId: k.id, present: false, unlocked: false, running: false, presenceError: null, lastSignedAt: null }),
    provider: k.provider,
    label: k.label,
    tokenLabel: k.tokenLabel,
    tokenSerial: k.tokenSerial,
    subject: cert.commonName ?? cert.subject,
    iin: cert.iin,
    bin: cert.bin,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    boundUserId: k.userId,
    served: o.served ?? false,
    automatic: o.automatic ?? false,
    queue: o.queue ?? null,
  };
}

export interface Signers {
  policy: SigningPolicy;
  worker(keyId: string): SignerWorker | undefined;
  /** Follows each document's outcome (the dashboard shows a batch's results per document); returns the unsubscribe. */
  onOutcome(listener: OutcomeListener): () => void;
  list(): Promise<KeyView[]>;
  /** Queues waiting documents of automatic-signing accounts (also runs on a timer). Returns how many were queued. */
  autoSignSweep(): Promise<number>;
  close(): Promise<void>;
}

export interface SignersDeps {
  store: Store;
  queue: JobQueue;
  cfg: SigningConfig;
  providers: KeyProvider[];
  presenceSource: () => PresenceSource;
  clock: Clock;
  logger: Logger;
  /** Secrets of automatic-signing keys, by env name (process.env in production). */
  env: Record<string, string | undefined>;
  /** How often automatic signing looks for new documents (default 1 s). */
  autoSweepMs?: number;
  /** Called when documents reached 'signed' (the bank side sends them at once). */
  onSigned?: () => void;
  /** Only these keys get a signer worker in this process (`bankgate worker --roles sign --key K`); default every key. */
  onlyKeys?: readonly string[];
}

export async function startSigners(d: SignersDeps): Promise<Signers> {
  const policy = createPolicy(d.cfg.policies);
  // One notification per burst of outcomes (a batch of 500 signatures calls it once).
  let pendingSigned = false;
  const signedSoon = () => {
    if (pendingSigned || !d.onSigned) return;
    pendingSigned = true;
    setImmediate(() => {
      pendingSigned = false;
      d.onSigned?.();
    });
  };
  const workers = new Map<string, SignerWorker>();
  const listeners = new Set<OutcomeListener>();
  const providerOf = (k: KeyRow) => d.providers.find((p) => p.name === k.provider);
  for (const k of await listKeys(d.store.sql)) {
    const provider = providerOf(k);
    if (!k.userId || !provider || (d.onlyKeys && !d.onlyKeys.includes(k.id))) continue;
    const match = tokenFor(d.cfg, k.id);
    workers.set(
      k.id,
      createSignerWorker({
        store: d.store,
        queue: d.queue,
        policy,
        clock: d.clock,
        logger: d.logger,
        key: k,
        provider,
        presence: match ? { source: d.presenceSource(), match, pollMs: d.cfg.presence_poll_ms } : undefined,
        idleTimeoutMs: d.cfg.pin_idle_timeout_s * 1000,
        onOutcome: (o, job) => {
          if (o.ok && o.state === 'signed') signedSoon();
          // A listener's failure must not fail the sign job: the signatures are already committed.
          for (const l of listeners) {
            try {
              l(o, { ...job, keyId: k.id });
            } catch (e) {
              d.logger.warn({ err: e }, 'signing outcome listener failed');
            }
          }
        },
      }),
    );
  }

  // Automatic signing: the designated key is unlocked from its env secret and never idles out.
  const auto = new Map<string, string>(); // account → key id
  for (const a of d.cfg.auto) {
    if (d.onlyKeys && !d.onlyKeys.includes(a.key)) continue; // signed by the process that holds this key
    const w = workers.get(a.key);
    const key = await getKey(d.store.sql, a.key);
    if (!w || !key?.userId) {
      d.logger.error({ account: a.account, key: a.key }, 'automatic signing: the key is not bound to a user or its provider is not configured; off for this account');
      continue;
    }
    const secret = d.env[a.secret_env];
    if (!secret) {
      d.logger.error({ account: a.account, env: a.secret_env }, 'automatic signing: the secret env variable is empty; off for this account');
      continue;
    }
    try {
      await w.unlock(secret);
      auto.set(a.account, a.key);
      d.logger.warn({ account: a.account, key: a.key }, 'automatic signing is ON for this account: documents are signed without a person');
    } catch (e) {
      d.logger.error({ account: a.account, code: (e as GatewayError).code }, 'automatic signing: the key could not be unlocked; off for this account');
    }
  }

  const autoSignSweep = async (): Promise<number> => {
    let queued = 0;
    for (const [account, keyId] of auto) {
      const key = (await getKey(d.store.sql, keyId))!;
      // '*' (the demo profile only: every account there is a demo account) signs whatever waits.
      const ids = await awaitingFirstSignature(d.store.sql, account === '*' ? null : account, 5000);
      if (ids.length === 0) continue;
      const items = (await showForSigning(d.store, ids)).map((s) => ({ documentId: s.documentId, sha256: s.sha256 }));
      // One job per document id: a sweep repeated before the job ran adds nothing (idempotent job id).
      for (let i = 0; i < items.length; i += 500) {
        const batch = items.slice(i, i + 500);
        const r = await workers.get(keyId)!.enqueue(key.userId!, batch, { automatic: true, jobId: `auto:${batch[0]!.documentId}:${batch.length}` });
        if (r.added) queued += batch.length;
      }
    }
    return queued;
  };
  let sweeping = false;
  const timer = auto.size
    ? setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        autoSignSweep()
          .catch((e: unknown) => d.logger.error({ err: e }, 'automatic signing sweep failed'))
          .finally(() => (sweeping = false));
      }, d.autoSweepMs ?? 1000)
    : null;
  timer?.unref();

  return {
    policy,
    worker: (id) => workers.get(id),
    onOutcome(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async list() {
      const out: KeyView[] = [];
      for (const k of await listKeys(d.store.sql)) {
        const w = workers.get(k.id);
        out.push(keyView(k, { state: w?.state(), served: Boolean(w), automatic: [...auto.values()].includes(k.id), queue: w ? await d.queue.counts(signQueueName(k.id)) : null }));
      }
      return out;
    },
    autoSignSweep,
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all([...workers.values()].map((w) => w.close()));
      await closeProviders(d.providers);
    },
  };
}
