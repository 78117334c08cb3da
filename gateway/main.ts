// Composition root: config → registry → store → queue → workers → sources → web. Stops in reverse order. One process
// runs every role (`bankgate start`), or a subset (`bankgate worker --roles …`) beside others sharing the store and queue.
import path from 'node:path';
import { mkdir, access, constants } from 'node:fs/promises';
import type { LoadedConfig } from '../config/load.ts';
import type { FormatPlugin, RunningSource } from './core/plugin.ts';
import type { Logger } from './core/logger.ts';
import { createFormatRegistry } from './core/registry.ts';
import { createLogger } from './logger.ts';
import type { SqliteStore } from './store/db.ts';
import { openGatewayStore } from './store/open-store.ts';
import { checkpointIfLarge } from './store/wal.ts';
import { createBlobStore } from './store/blob-store.ts';
import { openQueue, pingWithin } from './queue/open-queue.ts';
import type { QueueWorker } from './queue/port.ts';
import { createIntake } from './pipeline/intake.ts';
import { createParseHandler } from './pipeline/parse.ts';
import type { Validate } from './pipeline/check.ts';
import { createValidationContext, todayIn, validateDocument } from './validate/index.ts';
import { enqueueUnparsed } from './pipeline/sweep.ts';
import { startReconciler } from './pipeline/reconcile.ts';
import { QUEUES } from './pipeline/states.ts';
import { folderLayout, folderSource } from '../plugins/source-folder/index.ts';
import { mailboxSourceConfig } from './mailbox-config.ts';
import { createApp } from './web/app.ts';
import { startServer } from './web/server.ts';
import { sweepUploads } from './inbox/upload.ts';
import { restoreOwedReplies, startQueueInbox } from './inbox/queue-inbox.ts';
import { purgeSessions } from './store/web-sessions-repo.ts';
import { builtinFormats } from './formats.ts';
import { VERSION } from './version.ts';
import { systemClock } from './core/clock.ts';
import { createKeyProviders } from '../signer/key-registry.ts';
import { nodeHidSource, type PresenceSource } from '../signer/presence.ts';
import { startSigners, type Signers } from '../signer/signers.ts';
import { DEMO_SANDBOX, DEMO_SECRET_ENV, demoAutoSign, demoConfig, ensureDemoSigner, isDemo, type DemoLogin } from './bank/demo.ts';
import { startBank, type RunningBank } from './bank/run.ts';

/**
 * What a process does. intake: the drop folders (and the inbox queue); web: dashboard and API; parse/submit: their queues'
 * workers; sign: the signer workers of the keys on this machine; poll: picking up signed documents and following sent
 * ones; export: statements, confirmations and status files for 1C.
 */
export const ROLES = ['intake', 'web', 'parse', 'sign', 'submit', 'poll', 'export'] as const;
export type Role = (typeof ROLES)[number];
/** The roles a `bankgate worker` may take: intake and web stay with `bankgate start`. */
export const WORKER_ROLES: readonly Role[] = ['parse', 'sign', 'submit', 'poll', 'export'];

export interface GatewayOptions {
  /** What this process runs (default: everything, one process). */
  roles?: readonly Role[];
  /** With the sign role: only these keys' signer workers (default: every key with a configured provider). */
  signKeys?: readonly string[];
  formats?: FormatPlugin[];
  logger?: Logger;
  /** Token presence source for signer workers (tests script it; node-hid otherwise). */
  presenceSource?: () => PresenceSource;
  /** Environment (secrets by env name, BANKGATE_DEMO); process.env by default. */
  env?: Record<string, string | undefined>;
}

export interface RunningGateway {
  /** The dashboard's URL ('' in a process without the web role). */
  url: string;
  roles: readonly Role[];
  mailboxes: { name: string; inbox: string }[];
  logger: Logger;
  signers: Signers;
  /** The bank side (connector, scheduler, embedded sandbox), when a bank is configured. */
  bank: RunningBank | null;
  /** Demo profile (no configuration file). */
  demo: boolean;
  /** In the demo: what the console tells at start (one-time passwords only at the first start). */
  demoStart: { autoSign: boolean; pin: string; pinFile: string; logins: DemoLogin[] } | null;
  stop(): Promise<void>;
}

export async function startGateway(loaded: LoadedConfig, opts: GatewayOptions = {}): Promise<RunningGateway> {
  const env = opts.env ?? process.env;
  const demo = isDemo(loaded, env);
  const cfg = demo ? demoConfig(loaded.config, loaded.envOverrides) : loaded.config;
  const logger = opts.logger ?? createLogger({ level: cfg.log.level, file: cfg.log.file });
  const registry = createFormatRegistry(opts.formats ?? builtinFormats());
  await mkdir(cfg.data.dir, { recursive: true });
  const store = await openGatewayStore(cfg, { env, onError: (e) => logger.warn({ err: e.message }, 'PostgreSQL connection lost; the pool reconnects') });
  const blobs = createBlobStore(path.join(cfg.data.dir, 'blobs'));
  const roles = new Set<Role>(opts.roles ?? ROLES);
  let opened;
  try {
    opened = await openQueue(cfg, env, logger);
  } catch (e) {
    await store.close();
    await blobs.close();
    throw e;
  }
  const { queue, bullmq } = opened;
  const stops: (() => Promise<void>)[] = [async () => queue.close(), async () => store.close(), () => blobs.close()];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) {
      try {
        await s();
      } catch (e) {
        logger.error({ err: e }, 'error while stopping');
      }
    }
  };
  try {
    if (roles.has('intake')) {
      // Temp files of blob writes cut short by a crash; no put is running yet (workers only read blobs), so all are stale.
      const swept = await blobs.sweepTemp();
      if (swept) logger.info({ swept }, 'removed unfinished blob writes left by a crash');
    }
    if (roles.has('intake') || roles.has('parse')) {
      const requeued = await enqueueUnparsed(store, queue);
      if (requeued) logger.info({ requeued }, 'parse jobs restored from the store');
    }

    const roots = new Map(Object.entries(cfg.mailboxes).map(([name, m]) => [name, m.root]));
    // Directories are built once; "today" (value dates) is taken per document in the configured zone.
    const vctx = createValidationContext({ config: cfg.validation });
    const validate: Validate = (doc, where) => validateDocument(doc, { ...vctx, today: todayIn(vctx.timeZone) }, where);
    // Documents move on at once after each step (signing after parse, sending after signing); timers are the safety net.
    let afterParse = (_fileId: string): void => undefined;
    let afterSigned = (): void => undefined;
    const parse = createParseHandler({ store, blobs, registry, logger, validate, mailboxRoot: (m) => roots.get(m), onParsed: (id) => afterParse(id) });
    const workers: QueueWorker[] = roles.has('parse') ? [queue.process(QUEUES.parse, parse, { concurrency: 1, leaseMs: cfg.queue.lease_ms })] : [];
    stops.push(async () => void (await Promise.all(workers.map((w) => w.close()))));

    // Demo: a generated key bound to the signer `demo`, who signs in the browser; with BANKGATE_DEMO_AUTOSIGN=1 the key
    // signs every document by itself (every account there is a demo account).
    const demoSigner = demo ? await ensureDemoSigner(store, cfg) : null;
    // Without the sign role the policy and the keys' list still serve the dashboard; no signer worker runs here.
    const signKeys = roles.has('sign') ? opts.signKeys : [];
    const autoSign = demoSigner !== null && demoAutoSign(env);
    const signingCfg = demoSigner && autoSign ? { ...cfg.signing, auto: [...cfg.signing.auto, { account: '*', key: demoSigner.keyId, secret_env: DEMO_SECRET_ENV }] } : cfg.signing;
    const signers = await startSigners({
      store,
      queue,
      cfg: signingCfg,
      providers: createKeyProviders(cfg.signing, logger),
      presenceSource: opts.presenceSource ?? nodeHidSource,
      clock: systemClock,
      logger,
      env: demoSigner && autoSign ? { ...env, [DEMO_SECRET_ENV]: demoSigner.pin } : env,
      onSigned: () => afterSigned(),
      ...(signKeys ? { onlyKeys: signKeys } : {}),
    });
    afterParse = () => void signers.autoSignSweep().catch((e: unknown) => logger.warn({ err: e }, 'automatic signing sweep failed'));
    // Signers stop before the queue and the store (stops run in reverse).
    stops.push(() => signers.close());

    const bankRoles = { submit: roles.has('submit'), poll: roles.has('poll'), export: roles.has('export') };
    const wantsBank = cfg.bank.connector !== 'none' && (bankRoles.submit || bankRoles.poll || bankRoles.export || roles.has('web'));
    const bank = wantsBank
      ? await startBank({ cfg, store, queue, logger, env, policy: signers.policy, mailboxRoot: (m) => roots.get(m), sandboxConfig: demo ? DEMO_SANDBOX : undefined, auto: signingCfg.auto, roles: bankRoles })
      : null;
    if (bank) {
      stops.push(() => bank.stop());
      afterSigned = () => void bank.scheduler.tick();
    }

    if (bullmq) {
      // Redis may lose jobs (restart without persistence, FLUSHALL, eviction): the store says which must exist.
      const reconciler = startReconciler({
        logger,
        intervalMs: cfg.queue.reconcile_seconds * 1000,
        steps: {
          ...(roles.has('intake') || roles.has('parse') ? { parse: () => enqueueUnparsed(store, queue) } : {}),
          ...(roles.has('sign') ? { sign: () => signers.autoSignSweep() } : {}),
          ...(bank && bankRoles.poll ? { submit: () => bank.scheduler.outbox() } : {}),
          // Replies owed to senders of the inbox queue (their await jobs).
          ...(roles.has('intake') && cfg.queue.inbox.enabled ? { inbox: () => restoreOwedReplies(store, queue) } : {}),
        },
      });
      stops.push(() => reconciler.stop());
    }

    const deliver = createIntake({ store, blobs, registry, queue, logger, mailboxRoot: (m) => roots.get(m) });
    const sources: RunningSource[] = [];
    stops.push(async () => void (await Promise.all(sources.map((s) => s.stop()))));
    if (roles.has('intake')) {
      for (const [name, m] of Object.entries(cfg.mailboxes)) sources.push(folderSource.start(mailboxSourceConfig(name, m), { logger, deliver }));
    }
    await Promise.all(sources.map((s) => s.ready));
    if (roles.has('intake') && cfg.queue.inbox.enabled) {
      // Files handed over as jobs of a Redis queue, through the same intake; after the folders' recovery (queue-inbox.ts).
      const inbox = await startQueueInbox({ queue, store, logger, deliver, config: cfg.queue.inbox, mailboxes: cfg.mailboxes, leaseMs: cfg.queue.lease_ms });
      stops.push(() => inbox.close());
    }
    // HTTP uploads a stop cut short mid-body (in/.processing/.upload/): no request runs before the server starts, and
    // only the process serving the web receives uploads (a worker elsewhere must not sweep them).
    for (const [name, root] of roles.has('web') ? roots : []) {
      const swept = await sweepUploads(folderLayout(root));
      if (swept) logger.info({ mailbox: name, swept }, 'removed HTTP uploads left unfinished by a stop');
    }

    // Readers never stop in a busy gateway, so the WAL is checkpointed actively (reliability-security.md 4).
    const walTimer = setInterval(() => {
      try {
        if (store.dialect === 'sqlite') checkpointIfLarge(store as SqliteStore);
      } catch (e) {
        logger.warn({ err: e }, 'WAL checkpoint failed');
      }
    }, 60_000);
    walTimer.unref();
    stops.push(async () => clearInterval(walTimer));
    let url = '';
    if (roles.has('web')) {
      const app = createApp({
        store,
        config: cfg,
        tls: Boolean(cfg.http.tls),
        queue,
        bullmq,
        bank,
        mailboxRoots: roots,
        // POST /api/v1/inbox hands its files to the same intake as the drop folders.
        inbox: { deliver },
        configSource: { file: loaded.file, envOverrides: loaded.envOverrides, demo },
        signers,
        logger,
        version: VERSION,
        readiness: {
          // With BullMQ the queues live in Redis: not ready while it does not answer (the store keeps what must exist).
          ...(bullmq ? { queue: () => pingWithin(bullmq.redis, 2000) } : {}),
          database: async () => {
            await store.sql.get('SELECT 1');
            return { status: 'pass' };
          },
          mailboxes: async () => {
            for (const [name, m] of Object.entries(cfg.mailboxes)) {
              try {
                await access(path.join(m.root, 'in'), constants.R_OK | constants.W_OK);
              } catch (e) {
                return { status: 'fail', output: `mailbox ${name}: ${(e as Error).message}` };
              }
            }
            return { status: 'pass' };
          },
        },
      });
      // Expired dashboard sessions are refused on sight; this only keeps the table small.
      const sessionLimits = { idleMs: cfg.http.session.idle_minutes * 60_000, absoluteMs: cfg.http.session.absolute_hours * 3_600_000 };
      const sessionTimer = setInterval(() => {
        purgeSessions(store.sql, sessionLimits).catch((e: unknown) => logger.warn({ err: e }, 'purging expired sessions failed'));
      }, 10 * 60_000);
      sessionTimer.unref();
      stops.push(async () => clearInterval(sessionTimer));
      const server = await startServer(app, cfg.http.host, cfg.http.port, cfg.http.tls);
      // The server stops first so no request meets a closed store.
      stops.push(() => server.close());
      url = server.url;
    }
    const mailboxes = Object.entries(cfg.mailboxes).map(([name, m]) => ({ name, inbox: path.join(m.root, 'in') }));
    logger.info({ url, roles: [...roles], mailboxes: roles.has('intake') ? mailboxes : [], config: loaded.file ?? 'embedded defaults' }, roles.has('web') || roles.has('intake') ? 'gateway started' : 'gateway worker started');
    const demoStart = demoSigner ? { autoSign, pin: demoSigner.pin, pinFile: demoSigner.pinFile, logins: demoSigner.logins } : null;
    return { url, roles: [...roles], mailboxes, logger, signers, bank, demo, demoStart, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
