// "Fetch now": one statements round (statements, FX confirmations, letters, status files) started at once; audited.
import { appendEvent } from '../../store/sql/audit-log.ts';
import type { WebDeps } from '../deps.ts';

/** The round is not awaited: it talks to the bank and may take a while; the page says it started and the data follows. */
export async function requestStatementFetch(d: WebDeps & { bank: NonNullable<WebDeps['bank']> }, actor: string, via: 'web' | 'api'): Promise<void> {
  await appendEvent(d.store.sql, { entityType: 'system', entityId: 'statements', type: 'statements.fetch-requested', actor, data: { via } });
  void d.bank.scheduler.statementsRound();
}
