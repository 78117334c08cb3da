// FX deal confirmations (contract fxConfirmationSchema), one per executed FX order.
import type { FxConfirmationJson } from '../bank-api/contract.ts';
import { prepared, type SandboxDb } from './db.ts';

export function insertDeal(db: SandboxDb, clientId: string, c: FxConfirmationJson): void {
  prepared(db, 'INSERT INTO fx_deals (deal_id, order_bank_id, client_id, confirmation, confirmed_at) VALUES (?, ?, ?, ?, ?)').run(c.deal_id, c.order_bank_id, clientId, JSON.stringify(c), c.confirmed_at);
}

/** Confirmations at or after `since` (inclusive: a poller repeating its last instant sees a deal twice, never misses one). */
export function dealsSince(db: SandboxDb, clientId: string, since: string): FxConfirmationJson[] {
  const rows = prepared(db, 'SELECT confirmation FROM fx_deals WHERE client_id = ? AND confirmed_at >= ? ORDER BY confirmed_at, deal_id').all(clientId, since) as { confirmation: string }[];
  return rows.map((r) => JSON.parse(r.confirmation) as FxConfirmationJson);
}
