// FX purchase/sale orders placed by a person (`bankgate fx buy|sell`, the dashboard's FX page): the order becomes a
// small JSON "file" of its own and one document on it, so it has a source and a timeline like a 1C payment and then
// waits for signatures like any other document.
import { createHash } from 'node:crypto';
import type { Issue } from '../core/issue.ts';
import type { FxOrderDocument } from '../core/model/document.ts';
import { formatDecimal } from '../core/model/money.ts';
import type { Store } from '../store/db.ts';
import { getDocument, insertDocuments } from '../store/documents-repo.ts';
import type { DocumentState } from '../store/schema.ts';
import { recordReceivedFile } from '../store/files-repo.ts';

export interface FxOrderFields {
  direction: 'buy' | 'sell';
  /** Minor units of the foreign currency bought or sold. */
  minor: bigint;
  currency: string;
  fromIban: string;
  toIban: string;
  rateLimit?: string | undefined;
  purpose?: string | undefined;
  number?: string | undefined;
}

/** The purpose the bank sees when the person gave none (Russian: the bank's currency control reads it). */
export function defaultFxPurpose(direction: 'buy' | 'sell', currency: string): string {
  return direction === 'buy' ? `Покупка ${currency} для оплаты по контракту` : `Продажа ${currency}`;
}

/** A number of its own when none is given: 'FX' and the last 8 digits of the clock. */
export function fxOrderNumber(now: number): string {
  return `FX${now.toString().slice(-8)}`;
}

export function buildFxOrder(f: FxOrderFields, today: string, now: number): FxOrderDocument {
  return {
    kind: 'fx-order',
    number: f.number || fxOrderNumber(now),
    date: today,
    direction: f.direction,
    amount: { minor: f.minor, currency: f.currency },
    fromIban: f.fromIban.toUpperCase(),
    toIban: f.toIban.toUpperCase(),
    ...(f.rateLimit ? { rateLimit: f.rateLimit } : {}),
    purpose: f.purpose || defaultFxPurpose(f.direction, f.currency),
  };
}

export interface StoreFxOrderOptions {
  /** Mailbox the order is filed under (the statements mailbox: its answers go there too). */
  mailbox: string;
  /** The source's claim id: the same claim records nothing twice (a form sent twice makes one order). */
  claimId: string;
  actor: string;
  /** 'cli.fx-order' or 'web.fx-order'. */
  format: string;
}

/**
 * Records the order's source and the document in one go: 'awaiting-signature' when validation found no error,
 * 'invalid' otherwise. Returns the document id (the existing one when the claim was recorded before). The same
 * order text under another claim is refused by the store's one-file-per-content rule (a unique violation).
 */
export async function storeFxOrder(store: Store, doc: FxOrderDocument, issues: Issue[], o: StoreFxOrderOptions): Promise<{ id: string; state: DocumentState }> {
  const state = issues.some((i) => i.severity === 'error') ? 'invalid' : 'awaiting-signature';
  const body = JSON.stringify({ ...doc, amount: formatDecimal(doc.amount.minor, doc.amount.currency), currency: doc.amount.currency });
  const file = await recordReceivedFile(store.sql, {
    mailbox: o.mailbox,
    name: `fx-${doc.direction}-${doc.number}.json`,
    claimId: o.claimId,
    sha256: createHash('sha256').update(body).digest('hex'),
    size: Buffer.byteLength(body),
    format: o.format,
    actor: o.actor,
  });
  const { ids } = await insertDocuments(store.sql, file.id, [{ seq: 0, document: doc, state, issues }], { fileState: 'parsed', actor: o.actor });
  // A claim seen before returns its document as it is now (signed meanwhile, perhaps), not as this call built it.
  return { id: ids[0]!, state: (await getDocument(store.sql, ids[0]!))?.state ?? state };
}
