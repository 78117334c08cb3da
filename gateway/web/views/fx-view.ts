// FX on the dashboard: the stored purchase/sale orders (documents of kind fx-order, newest first, keyset-paged) and
// the bank's deal confirmations — asked of the bank, joined with the out/fx files written for 1C.
import type { FxConfirmation } from '../../core/connector.ts';
import type { FxOrderDocument } from '../../core/model/document.ts';
import type { Store } from '../../store/db.ts';
import type { Db } from '../../store/sql/executor.ts';
import { queryDocuments, type DocumentRow } from '../../store/documents-repo.ts';
import type { WebDeps } from '../deps.ts';
import { askBank } from './bank-call.ts';

export interface FxOrderRow extends Omit<DocumentRow, 'document'> {
  document: FxOrderDocument;
}

export async function fxOrders(store: Store, limit: number, cursor?: string): Promise<{ items: FxOrderRow[]; nextCursor: string | null }> {
  const r = await queryDocuments(store, { kind: 'fx-order', limit, cursor });
  return { items: r.items as FxOrderRow[], nextCursor: r.nextCursor };
}

export interface FxExportRow {
  dealId: string;
  path: string;
  writtenAt: number;
}

/** Confirmation files written into out/fx/ ('fx:<dealId>' in exports), newest first. */
export async function fxExports(db: Db, limit = 200): Promise<FxExportRow[]> {
  // A key range: ';' follows ':' (byte order on both: the PostgreSQL store only opens a database with C collation, pg/open.ts).
  const rows = await db.all<{ key: string; path: string; writtenAt: number }>(`SELECT key, path, written_at AS "writtenAt" FROM exports WHERE key >= 'fx:' AND key < 'fx;' ORDER BY written_at DESC LIMIT $1`, [limit]);
  return rows.map((r) => ({ dealId: r.key.slice(3), path: r.path, writtenAt: r.writtenAt }));
}

/** What the bank confirmed these last 31 days (the same window the export uses); null when it could not be asked. */
export const FX_LOOKBACK_MS = 31 * 86_400_000;

export async function fxConfirmations(d: WebDeps): Promise<{ items: FxConfirmation[] | null; error: string | null; bank: boolean }> {
  const bank = d.bank;
  const since = new Date(d.store.clock.now() - FX_LOOKBACK_MS).toISOString();
  const r = await askBank(bank ? () => bank.session.fxConfirmations(since) : null);
  if (r.ok) return { items: [...r.value].sort((a, b) => b.confirmedAt.localeCompare(a.confirmedAt)), error: null, bank: true };
  return { items: null, error: r.reason === 'failed' ? (r.error ?? null) : null, bank: Boolean(bank) };
}
