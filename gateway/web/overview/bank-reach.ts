// Bank reachability for the overview: the connector's own diagnostic call with a short timeout, remembered for 30 s
// and refreshed in the background, so the page never waits for the bank (only its very first view, briefly).
import type { ConnectorTestResult } from '../../core/connector.ts';
import type { WebDeps } from '../deps.ts';

export interface BankReach {
  configured: boolean;
  /** null while the first check is still running. */
  ok: boolean | null;
  checkedAt: number | null;
  latencyMs: number | null;
  /** What the bank said (bank name, business date) or why it could not be reached. */
  bank: string | null;
  businessDate: string | null;
  error: string | null;
}

export const REACH_TTL_MS = 30_000;
const TIMEOUT_MS = 3_000;
/** The first view waits this long for an answer before showing "checking". */
const FIRST_WAIT_MS = 1_000;

interface Cached {
  value: BankReach | null;
  running: Promise<BankReach> | null;
}
const cache = new WeakMap<object, Cached>();

const NONE: BankReach = { configured: false, ok: null, checkedAt: null, latencyMs: null, bank: null, businessDate: null, error: null };

async function check(test: () => Promise<ConnectorTestResult>, now: () => number): Promise<BankReach> {
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ConnectorTestResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, details: {}, error: `no answer within ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS);
    timer.unref();
  });
  try {
    const r = await Promise.race([test().catch((e: unknown) => ({ ok: false, details: {}, error: e instanceof Error ? e.message : String(e) })), timeout]);
    const d = r.details as { bank?: unknown; businessDate?: unknown; latencyMs?: unknown };
    return {
      configured: true,
      ok: r.ok,
      checkedAt: now(),
      latencyMs: typeof d.latencyMs === 'number' ? d.latencyMs : now() - started,
      bank: typeof d.bank === 'string' ? d.bank : null,
      businessDate: typeof d.businessDate === 'string' ? d.businessDate : null,
      error: r.ok ? null : (r.error ?? null),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The last known reachability; starts a new check when it is older than REACH_TTL_MS. */
export async function bankReach(d: Pick<WebDeps, 'bank' | 'store'>): Promise<BankReach> {
  const session = d.bank?.session;
  if (!session) return NONE;
  const now = () => d.store.clock.now();
  let c = cache.get(session);
  if (!c) cache.set(session, (c = { value: null, running: null }));
  const entry = c;
  const stale = !entry.value || entry.value.checkedAt === null || now() - entry.value.checkedAt >= REACH_TTL_MS;
  if (stale && !entry.running) {
    entry.running = check(() => session.test(), now).then((v) => {
      entry.value = v;
      entry.running = null;
      return v;
    });
  }
  if (entry.value) return entry.value;
  const first = await Promise.race([entry.running!, new Promise<null>((r) => setTimeout(() => r(null), FIRST_WAIT_MS).unref())]);
  return first ?? { ...NONE, configured: true };
}
