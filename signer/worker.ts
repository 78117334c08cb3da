// Signer worker: serves exactly one key from its own queue `sign:<keyId>`, one job at a time, and only while its
// token is present and unlocked — otherwise its jobs wait (architecture.md 6). The PIN lives only in this object.
import type { Clock } from '../gateway/core/clock.ts';
import { GatewayError } from '../gateway/core/errors.ts';
import type { Logger } from '../gateway/core/logger.ts';
import type { AddResult, JobQueue, QueueWorker } from '../gateway/queue/port.ts';
import type { Store } from '../gateway/store/db.ts';
import type { KeyRow } from '../gateway/store/keys-repo.ts';
import { getUser } from '../gateway/store/users-repo.ts';
import type { SigningPolicy } from './policy.ts';
import { watchPresence, type PresenceSource, type PresenceWatcher, type TokenMatch } from './presence.ts';
import type { KeyProvider, KeySession } from './provider.ts';
import { isTokenUnavailable, signDocuments, type SignOutcome, type SigningRequestItem } from './sign-documents.ts';

export interface SignJobData {
  userId: string;
  items: SigningRequestItem[];
  automatic?: boolean;
}

export function signQueueName(keyId: string): string {
  return `sign:${keyId}`;
}

/** Sign jobs wait for a person and a token, possibly for days: retries are cheap and many, never a reason to give up. */
export const SIGN_JOB_OPTIONS = { attempts: 100_000, backoffMs: 500, maxBackoffMs: 15_000 };

export interface SignerWorkerOptions {
  store: Store;
  queue: JobQueue;
  policy: SigningPolicy;
  clock: Clock;
  logger: Logger;
  /** The key's record in the store (bound to its user). */
  key: KeyRow;
  provider: KeyProvider;
  /** The USB token this key lives on; absent for key files. */
  presence?: { source: PresenceSource; match: TokenMatch; pollMs: number } | undefined;
  /** The PIN is forgotten after this long without a signature. */
  idleTimeoutMs: number;
  /** Each document's result (the CLI prints them; the dashboard reads the audit events). */
  onOutcome?: (o: SignOutcome, job: { id: string; userId: string }) => void;
  /** Job lease (default 60 s): a signature over a slow token must not lose its lease. */
  leaseMs?: number;
}

export interface SignerWorkerState {
  keyId: string;
  /** Token present (always true for key files). */
  present: boolean;
  /** A PIN/password is held and a session is open. */
  unlocked: boolean;
  /** Processing jobs now (present and unlocked). */
  running: boolean;
  presenceError: string | null;
  lastSignedAt: number | null;
}

export interface SignerWorker {
  readonly keyId: string;
  state(): SignerWorkerState;
  /** Logs in with the PIN/password (kept in memory only) and starts taking jobs when the token is present. */
  unlock(secret: string): Promise<void>;
  /** Forgets the PIN and closes the session; jobs wait. */
  lock(reason?: string): Promise<void>;
  enqueue(userId: string, items: SigningRequestItem[], opts?: { automatic?: boolean; jobId?: string }): Promise<AddResult>;
  close(): Promise<void>;
}

export function createSignerWorker(o: SignerWorkerOptions): SignerWorker {
  const keyId = o.key.id;
  const queueName = signQueueName(keyId);
  const log = o.logger.child({ keyId: shortKeyId(keyId) });
  let secret: string | null = null;
  let session: KeySession | null = null;
  let present = !o.presence;
  let consumer: QueueWorker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let lastSignedAt: number | null = null;
  let closed = false;
  // Transitions run one at a time so a token flapping in and out cannot interleave open/close calls.
  let chain: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<void>) => (chain = chain.then(fn, fn));

  const armIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void worker.lock('idle timeout'), o.idleTimeoutMs);
    idleTimer.unref();
  };

  const closeSession = async () => {
    const s = session;
    session = null;
    await s?.close().catch((e: unknown) => log.warn({ err: e }, 'closing the key session failed'));
  };

  /** Starts or stops consuming to match present && unlocked. */
  const reconcile = async () => {
    if (closed) return;
    if (present && secret !== null && !session) {
      try {
        session = await o.provider.open(keyId, secret);
      } catch (e) {
        // A PIN that worked before and fails now (changed, locked) is forgotten: a person must enter it again.
        if (!isTokenUnavailable(e)) secret = null;
        log.warn({ code: (e as GatewayError).code }, 'key session could not be opened');
      }
    }
    const ready = present && secret !== null && session !== null;
    if (ready && !consumer) {
      consumer = o.queue.process<SignJobData>(queueName, handle, { concurrency: 1, batchSize: 1, leaseMs: o.leaseMs ?? 60_000 });
      log.info('signer worker running');
    } else if (!ready && consumer) {
      const c = consumer;
      consumer = null;
      await c.close();
      log.info({ present, unlocked: secret !== null }, 'signer worker paused: jobs wait');
    }
  };

  const handle = async (job: { id: string; data: SignJobData; attempt: number }) => {
    const s = session;
    if (!s) throw new GatewayError('SIGN_SESSION_LOCKED', 'the key is locked');
    const user = await getUser(o.store.sql, job.data.userId);
    if (!user) {
      for (const it of job.data.items) o.onOutcome?.({ documentId: it.documentId, ok: false, code: 'AUTH_UNKNOWN_USER', message: `no user ${job.data.userId}` }, { id: job.id, userId: job.data.userId });
      return;
    }
    let outcomes: SignOutcome[];
    try {
      outcomes = await signDocuments({ store: o.store, policy: o.policy, clock: o.clock }, { user, key: o.key, session: s, items: job.data.items, redelivered: job.attempt > 1, ...(job.data.automatic ? { automatic: true } : {}) });
    } catch (e) {
      if (isTokenUnavailable(e)) {
        // The token went away mid-batch: what was signed is stored, the rest waits for the token to return.
        log.warn({ code: (e as GatewayError).code }, 'token unavailable while signing: job waits');
        if (o.presence) present = false;
        void serial(async () => {
          await closeSession();
          if (o.presence) await presenceWatcher?.check();
          await reconcile();
        });
      }
      throw e;
    }
    lastSignedAt = o.clock.now();
    armIdle();
    for (const out of outcomes) o.onOutcome?.(out, { id: job.id, userId: job.data.userId });
  };

  const presenceWatcher: PresenceWatcher | null = o.presence
    ? watchPresence({
        source: o.presence.source,
        match: o.presence.match,
        pollMs: o.presence.pollMs,
        onChange(now) {
          present = now;
          log.info({ present: now }, now ? 'token inserted' : 'token removed');
          void serial(async () => {
            if (!now) await closeSession();
            await reconcile();
          });
        },
      })
    : null;

  const worker: SignerWorker = {
    keyId,
    state: () => ({ keyId, present, unlocked: secret !== null && session !== null, running: consumer !== null, presenceError: presenceWatcher?.error ?? null, lastSignedAt }),
    async unlock(pin) {
      if (o.presence) present = await presenceWatcher!.check();
      if (!present) throw new GatewayError('SIGN_TOKEN_NOT_PRESENT', 'the token of this key is not inserted');
      await serial(async () => {
        await closeSession();
        // Open first: a wrong PIN is reported to the person who typed it and nothing is kept.
        session = await o.provider.open(keyId, pin);
        secret = pin;
        armIdle();
        await reconcile();
      });
      await chain;
    },
    async lock(reason = 'locked') {
      await serial(async () => {
        if (secret === null && !session) return;
        secret = null;
        if (idleTimer) clearTimeout(idleTimer);
        await reconcile(); // stops the consumer (waits for a running job) before the session goes
        await closeSession();
        log.info({ reason }, 'key locked');
      });
    },
    enqueue(userId, items, opts = {}) {
      return o.queue.add<SignJobData>(queueName, 'sign', { userId, items, ...(opts.automatic ? { automatic: true } : {}) }, { ...SIGN_JOB_OPTIONS, ...(opts.jobId ? { jobId: opts.jobId } : {}) });
    },
    async close() {
      closed = true;
      presenceWatcher?.stop();
      if (idleTimer) clearTimeout(idleTimer);
      secret = null;
      // The chain may hold an earlier unlock's refusal (wrong PIN): already reported to its caller, not a close failure.
      await chain.catch(() => undefined);
      const c = consumer;
      consumer = null;
      await c?.close();
      await closeSession();
    },
  };
  return worker;
}

/** Key ids in logs are shortened: they name a token serial and key id, not a secret, but logs stay short. */
export function shortKeyId(id: string): string {
  return id.length > 40 ? `${id.slice(0, 37)}…` : id;
}
