// What the dashboard and its API need from the running gateway; pages read the store, act through these services.
import type { GatewayConfig } from '../../config/schema.ts';
import type { Signers } from '../../signer/signers.ts';
import type { Logger } from '../core/logger.ts';
import type { ClaimedFile, Disposition } from '../core/plugin.ts';
import type { JobQueue } from '../queue/port.ts';
import type { BullmqJobQueue } from '../queue/bullmq-queue.ts';
import type { Store } from '../store/db.ts';
import type { PasswordParams } from '../auth/password.ts';
import type { ReadinessCheck } from './health.ts';
import type { RunningBank } from '../bank/run.ts';

export interface WebDeps {
  store: Store;
  config: GatewayConfig;
  logger: Logger;
  version: string;
  readiness: Record<string, ReadinessCheck>;
  signers?: Signers;
  queue?: JobQueue;
  /** With [queue] backend = "bullmq": the same queue, for bull-board (board.ts). */
  bullmq?: BullmqJobQueue | null;
  /** The bank connection (connector session, scheduler); absent with [bank] connector = "none". */
  bank?: RunningBank | null;
  /** Mailbox name → root folder (in/, out/, archive/, error/). */
  mailboxRoots?: ReadonlyMap<string, string>;
  /**
   * The HTTP inbox (POST /api/v1/inbox): the intake every source delivers to (createIntake). Mailboxes, their roots and
   * max_bytes come from `config.mailboxes`. Absent: the endpoint answers 503.
   */
  inbox?: { deliver(file: ClaimedFile): Promise<Disposition> };
  /** argon2id cost for passwords set through the dashboard (tests pass cheap ones). */
  passwordParams?: PasswordParams;
  /** Whether the server is served over TLS (cookies, HSTS); from [http.tls] in production. */
  tls?: boolean;
  /** Folder of help topics (docs/help); tests may point elsewhere. */
  helpDir?: string;
  /** Where the configuration came from, for the Settings page: the file read (null: embedded defaults), env overrides, demo mode. */
  configSource?: { file: string | null; envOverrides: readonly string[]; demo: boolean };
}
