// Dashboard tests with a real bank: the embedded sandbox bank (its own thread, HTTPS, pinned) behind the gateway's
// bank side (startBank), wired into a webHarness — statements, FX confirmations and letters go through the connector.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { ConfigInput } from '../../config/schema.ts';
import { startBank, type RunningBank } from '../../gateway/bank/run.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { createMemoryQueue } from '../../gateway/queue/index.ts';
import { createPolicy } from '../../signer/policy.ts';
import { webHarness, type Harness } from './harness.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export function tempDir(prefix = 'bankgate-web-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface BankHarness extends Harness {
  bank: RunningBank;
  /** The mailbox whose out/ receives statements, FX confirmations and letters. */
  root: string;
}

/**
 * A harness whose WebDeps carry a running bank. The app is built before the bank (the bank needs the harness's
 * store), so deps.bank starts as an empty holder that is filled once the bank runs — the pages read d.bank per request.
 */
export async function bankHarness(over: { accounts?: string[]; config?: ConfigInput } = {}): Promise<BankHarness> {
  const dir = tempDir();
  const root = path.join(dir, 'mailbox');
  const holder = {} as RunningBank;
  const h = webHarness(
    {
      ...over.config,
      // Never on its own during a test: statements are fetched when the test (or "fetch now") asks.
      bank: { connector: 'sandbox', sandbox: { dir: path.join(dir, 'sandbox') }, status_poll_ms: 3_600_000, statements: { schedule: '0 0 1 1 *', accounts: over.accounts ?? [], lookback_days: 2 } },
      mailboxes: { default: { root } },
    },
    { bank: holder },
  );
  const queue = createMemoryQueue();
  const bank = await startBank({
    cfg: h.config,
    store: h.store,
    queue,
    logger: silentLogger,
    env: {},
    policy: createPolicy([]),
    mailboxRoot: () => root,
    // Every day a business day until late evening: the tests pass on any day and hour.
    sandboxConfig: { weekend: [], public_holidays: 'none', cutoff: '23:59', execution_delay_ms: 50, tick_ms: 50 },
  });
  cleanups.push(async () => {
    await bank.stop();
    await queue.close();
  });
  // The round started at start-up must be over before a test arranges the bank.
  await bank.scheduler.statementsRound();
  Object.assign(holder, bank);
  return Object.assign(h, { bank: holder, root });
}
