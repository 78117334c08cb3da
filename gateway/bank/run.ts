// The gateway's bank side at run time: the connector session (embedded sandbox or bank-http), the submit worker,
// the scheduler (outbox, status polling, statements, FX confirmations) and, for the sandbox, the client registration.
import { createFormatRegistry } from '../core/registry.ts';
import { builtinFormats } from '../formats.ts';
import { statementOutputs } from '../pipeline/statement-outputs.ts';
import type { GatewayConfig } from '../../config/schema.ts';
import type { SandboxConfigInput } from '../../connectors/bank-sandbox/config.ts';
import type { SigningPolicy } from '../../signer/policy.ts';
import type { ConnectorSession } from '../core/connector.ts';
import type { Logger } from '../core/logger.ts';
import { createBankScheduler, type BankScheduler } from '../pipeline/bank-scheduler.ts';
import { createSubmitHandler, SUBMIT_QUEUE, type SubmitJobData } from '../pipeline/submit.ts';
import type { JobQueue, QueueWorker } from '../queue/port.ts';
import type { Store } from '../store/db.ts';
import { todayIn } from '../validate/index.ts';
import { ALWAYS_OPEN, DEMO_OPENING_BALANCE } from './demo.ts';
import { openBank, SANDBOX_CLIENT_ID, type OpenBank } from './open.ts';
import { createSandboxSync } from './sandbox-client.ts';

export interface RunningBank {
  bank: OpenBank;
  /** The session documents are sent with (for the sandbox: opening a document's accounts on first sight first). */
  session: ConnectorSession;
  scheduler: BankScheduler;
  stop(): Promise<void>;
}

export interface StartBankOptions {
  cfg: GatewayConfig;
  store: Store;
  queue: JobQueue;
  logger: Logger;
  env: Record<string, string | undefined>;
  policy: SigningPolicy;
  mailboxRoot(mailbox: string): string | undefined;
  sandboxConfig?: Partial<SandboxConfigInput> | undefined;
  /** Automatic-signing keys per account (the sandbox registers them as single signers). */
  auto?: readonly { key: string; account: string }[];
  /** What this process does on the bank side (default all): the submit queue's worker, polling, exports for 1C. */
  roles?: { submit: boolean; poll: boolean; export: boolean };
}

export async function startBank(o: StartBankOptions): Promise<RunningBank> {
  const { cfg, store, logger } = o;
  const log = logger.child({ part: 'bank' });
  const sandboxConfig = o.sandboxConfig ?? (cfg.bank.sandbox.always_open ? ALWAYS_OPEN : undefined);
  const bank = await openBank({ cfg, store, logger: log, env: o.env, ...(o.auto ? { auto: o.auto } : {}), ...(sandboxConfig ? { sandboxConfig } : {}) });
  const sync = bank.sandbox
    ? createSandboxSync({ store, admin: bank.sandbox.admin as never, clientId: SANDBOX_CLIENT_ID, policies: cfg.signing.policies, auto: o.auto ?? cfg.signing.auto, openingBalance: DEMO_OPENING_BALANCE })
    : null;
  const syncSandbox = () => sync?.sync();
  await syncSandbox();
  // Demo and sandbox: a document's accounts are opened at the bank on first sight, just before it is sent.
  const session: ConnectorSession = sync
    ? {
        ...bank.session,
        submit(doc, key) {
          const opened = sync.ensureAccounts(doc.document);
          if (opened.length) log.info({ accounts: opened }, 'sandbox bank: accounts opened on first sight');
          return bank.session.submit(doc, key);
        },
      }
    : bank.session;
  const mailboxName = cfg.bank.statements.mailbox;
  const root = o.mailboxRoot(mailboxName) ?? Object.values(cfg.mailboxes)[0]!.root;
  const roles = o.roles ?? { submit: true, poll: true, export: true };
  const worker: QueueWorker | null = roles.submit
    ? o.queue.process<SubmitJobData>(SUBMIT_QUEUE, createSubmitHandler({ store, connector: session, connectorName: bank.name, policy: o.policy, logger: log }), {
        concurrency: cfg.bank.submit_concurrency,
        batchSize: Math.min(100, cfg.bank.submit_concurrency),
        leaseMs: cfg.queue.lease_ms,
      })
    : null;
  const scheduler = createBankScheduler({
    store,
    queue: o.queue,
    connector: bank.session,
    logger: log,
    mailboxRoot: o.mailboxRoot,
    beforeRound: syncSandbox,
    statusPollMs: cfg.bank.status_poll_ms,
    poll: roles.poll,
    export: roles.export,
    statementSchedule: cfg.bank.statements.schedule,
    timeZone: cfg.validation.time_zone,
    statements: {
      today: () => todayIn(cfg.validation.time_zone),
      mailbox: { name: mailboxName, root },
      encoding: cfg.bank.statements.encoding,
      outputs: statementOutputs(cfg.bank.statements.formats, createFormatRegistry(builtinFormats())),
      timeZone: cfg.validation.time_zone,
      lookbackDays: cfg.bank.statements.lookback_days,
      accounts: cfg.bank.statements.accounts,
    },
  });
  log.info({ connector: bank.name, url: bank.sandbox?.url }, 'bank connected');
  return {
    bank,
    session,
    scheduler,
    async stop() {
      await scheduler.stop();
      await worker?.close();
      await bank.close();
    },
  };
}
