// Account statements: entries booked in the period with their bank ids, and balances that reconcile —
// opening = current − net movement since `from`, closing = opening + credits − debits.
import type { StatementJson } from '../bank-api/contract.ts';
import { formatDecimal, parseDecimal } from '../../gateway/core/model/money.ts';
import type { ClientRow } from './clients-repo.ts';
import type { SandboxCore } from './core.ts';
import { entriesBetween, netSince } from './entries-repo.ts';
import { ownAccount } from './requisites.ts';
import { Refusal } from './reasons.ts';

export function buildStatement(core: SandboxCore, client: ClientRow, iban: string, from: string, to: string): StatementJson | Refusal {
  const account = ownAccount(core, client, iban);
  if (account instanceof Refusal) return account;
  const cur = account.currency;
  const entries = entriesBetween(core.db, iban, from, to);
  const opening = BigInt(account.balance) - netSince(core.db, iban, from);
  let credits = 0n;
  let debits = 0n;
  for (const e of entries) {
    const v = parseDecimal(e.amount, cur)!;
    if (e.direction === 'credit') credits += v;
    else debits += v;
  }
  return {
    account: iban,
    currency: cur,
    owner: { name: client.name, bin: client.bin },
    from,
    to,
    opening_balance: formatDecimal(opening, cur),
    total_credits: formatDecimal(credits, cur),
    total_debits: formatDecimal(debits, cur),
    closing_balance: formatDecimal(opening + credits - debits, cur),
    entries,
  };
}
