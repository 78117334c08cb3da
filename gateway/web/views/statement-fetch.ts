// "Fetch now": one statements round (statements, FX confirmations, letters, status files) started at once; audited.
import { appendEvent } from '../../store/audit.ts';
import type { WebDeps } from '../deps.ts';

/** Not awaited: the round talks to the bank and may take a while; the page says it started and the data follows. */
export function requestStatementFetch(d: WebDeps & { bank: NonNullable<WebDeps['bank']> }, actor: string, via: 'web' | 'api'): void {
  appendEvent(d.store.sqlite, { entityType: 'system', entityId: 'statements', type: 'statements.fetch-requested', actor, data: { via } });
  void d.bank.scheduler.statementsRound();
}
