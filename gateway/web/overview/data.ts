// What the overview shows, gathered once for the page and the JSON API: counts per state (counters), documents per
// hour for the last 24 h, queue counts, token status per key, bank reachability and the alerts.
import { SUBMIT_QUEUE } from '../../pipeline/submit.ts';
import { QUEUES } from '../../pipeline/states.ts';
import type { JobCounts } from '../../queue/port.ts';
import { countMadeBefore, countsByState, documentsPerHour, filesInStateSince } from '../../store/overview-repo.ts';
import { DOCUMENT_STATES } from '../../store/schema.ts';
import type { WebDeps } from '../deps.ts';
import { bankReach, type BankReach } from './bank-reach.ts';
import { instantAt, todayStart } from './local-time.ts';

export interface QueueView {
  name: string;
  /** The key whose signing queue this is (sign:<keyId>). */
  keyLabel: string | null;
  counts: JobCounts;
}

export interface KeyStatus {
  keyId: string;
  label: string;
  subject: string;
  present: boolean;
  unlocked: boolean;
  running: boolean;
  served: boolean;
  automatic: boolean;
  presenceError: string | null;
}

export type Alert =
  | { code: 'past-cutoff'; count: number; cutoff: string; href: string }
  | { code: 'signed-not-sent'; count: number; minutes: number; href: string }
  | { code: 'dead-jobs'; count: number; queues: string[]; href: string }
  | { code: 'invalid-files-today'; count: number; href: string };

export interface Overview {
  now: number;
  /** Listed documents per state (every state, zeros included), in lifecycle order. */
  counts: { state: (typeof DOCUMENT_STATES)[number]; n: number }[];
  total: number;
  /** 24 hourly buckets, oldest first; `hour` is the hour's start (epoch ms). */
  perHour: { hour: number; n: number }[];
  queues: QueueView[];
  keys: KeyStatus[];
  bank: BankReach;
  alerts: Alert[];
}

/** States in which a document has not yet been accepted by the bank (and is not finally refused). */
export const NOT_YET_ACCEPTED = ['parsed', 'held', 'awaiting-signature', 'partially-signed', 'signed', 'queued', 'sent', 'unknown-outcome'] as const;

const HOUR = 3_600_000;

export async function overview(d: WebDeps): Promise<Overview> {
  const now = d.store.clock.now();
  const byState = await countsByState(d.store.sql);
  const counts = DOCUMENT_STATES.map((state) => ({ state, n: byState.get(state) ?? 0 }));
  const perHour = await documentsPerHour(d.store.sql, now - 23 * HOUR, now);

  const keyViews = d.signers ? await d.signers.list() : [];
  const queues: QueueView[] = [];
  if (d.queue) {
    for (const name of [QUEUES.parse, SUBMIT_QUEUE]) queues.push({ name, keyLabel: null, counts: await d.queue.counts(name) });
  }
  for (const k of keyViews) if (k.queue) queues.push({ name: `sign:${k.keyId}`, keyLabel: k.label, counts: k.queue });
  const keys: KeyStatus[] = keyViews.map((k) => ({ keyId: k.keyId, label: k.label, subject: k.subject, present: k.present, unlocked: k.unlocked, running: k.running, served: k.served, automatic: k.automatic, presenceError: k.presenceError }));

  const tz = d.config.validation.time_zone;
  const today = todayStart(now, tz);
  const alerts: Alert[] = [];
  const cutoff = d.config.bank.cutoff;
  if (cutoff) {
    const at = instantAt(today.day, cutoff, tz);
    if (now >= at) {
      const n = await countMadeBefore(d.store.sql, NOT_YET_ACCEPTED, at);
      if (n > 0) alerts.push({ code: 'past-cutoff', count: n, cutoff, href: '/documents?state=awaiting-signature' });
    }
  }
  if (d.bank) {
    const minutes = d.config.bank.signed_alert_minutes;
    const n = await countMadeBefore(d.store.sql, ['signed'], now - minutes * 60_000);
    if (n > 0) alerts.push({ code: 'signed-not-sent', count: n, minutes, href: '/documents?state=signed' });
  }
  const dead = queues.filter((q) => q.counts.dead > 0);
  if (dead.length) alerts.push({ code: 'dead-jobs', count: dead.reduce((a, q) => a + q.counts.dead, 0), queues: dead.map((q) => q.name), href: '/queues' });
  const invalidFiles = await filesInStateSince(d.store.sql, 'invalid', today.start);
  if (invalidFiles > 0) alerts.push({ code: 'invalid-files-today', count: invalidFiles, href: '/mailboxes' });

  return { now, counts, total: counts.reduce((a, c) => a + c.n, 0), perHour, queues, keys, bank: await bankReach(d), alerts };
}
