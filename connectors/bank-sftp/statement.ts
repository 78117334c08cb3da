// Statements from fetched camt files: bank-unique entry ids, our documents found by MsgId / EndToEndId, and the
// statements of a period joined into one BankStatement (a later statement of the same period replaces the earlier).
import { createHash } from 'node:crypto';
import type { BankStatement } from '../../gateway/core/connector.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { Statement, StatementOperation } from '../../gateway/core/model/statement.ts';
import type { SftpStateData } from './state.ts';
import type { StatusChange } from './statuses.ts';

export const statementKey = (s: Statement): string => `${s.account}|${s.from}|${s.to}|${s.kind ?? 'statement'}`;

/** camt AcctSvcrRef when the bank gives one; otherwise a digest of what identifies the entry in its statement. */
export function entryIdOf(s: Statement, op: StatementOperation, index: number): string {
  if (op.references?.accountServicer) return op.references.accountServicer;
  const basis = [s.account, s.id ?? '', s.from, s.to, index, op.date, op.direction, op.amount.minor.toString(), op.amount.currency, op.number].join('|');
  return `H${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}

/** The MsgId of ours this operation books, looking at the entry's and its transactions' references. */
export function ourMessageId(op: StatementOperation, ours: ReadonlySet<string>): string | null {
  const refs = [op.references, ...(op.transactions ?? []).map((t) => t.references)];
  for (const r of refs) {
    for (const id of [r?.messageId, r?.endToEndId, r?.paymentInfoId, r?.instructionId]) if (id && ours.has(id)) return id;
  }
  return null;
}

export const ourMessageIds = (d: SftpStateData): Set<string> => new Set(Object.values(d.submissions).map((s) => s.messageId));

/** Booked debits of ours in a statement: each says its document was executed, on which day and under which entry. */
export function executionsIn(s: Statement, ours: ReadonlySet<string>, file: string): StatusChange[] {
  const out: StatusChange[] = [];
  s.operations.forEach((op, i) => {
    if (op.direction !== 'debit' || op.reversal || (op.status && op.status !== 'booked')) return;
    const id = ourMessageId(op, ours);
    if (id) out.push({ messageId: id, state: 'executed', reason: null, executionDate: op.date, entryBankId: entryIdOf(s, op, i), file });
  });
  return out;
}

/** Stores a statement unless a newer one of the same period is already there (createdAt, then sequence, then arrival). */
export function storeStatement(d: SftpStateData, s: Statement, file: string): void {
  const key = statementKey(s);
  const cur = d.statements[key];
  if (cur) {
    const a = cur.statement;
    if (a.createdAt && s.createdAt && s.createdAt < a.createdAt) return;
    if (a.createdAt === s.createdAt && a.sequence && s.sequence && Number(s.sequence) < Number(a.sequence)) return;
  }
  d.statements[key] = { statement: s, file, seq: d.nextSeq++ };
}

/** The statements of `account` inside [from, to], joined; they must chain (each opening = the previous closing). */
export function statementFor(d: SftpStateData, account: string, from: string, to: string): BankStatement {
  const parts = Object.values(d.statements)
    .map((x) => x.statement)
    .filter((s) => s.account === account && s.balancesStated !== false && (s.kind ?? 'statement') === 'statement' && s.from >= from && s.to <= to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  if (!parts.length) {
    // Not an unknown account: over host-to-host the bank pushes statements as files, and this period's has not come
    // (yet, or at all for a day without one, such as a weekend): the gateway skips the day without moving its cursor.
    throw new GatewayError('CONN_NOT_DELIVERED', `no camt.053 statement of ${account} for ${from}..${to} has arrived in the download folder yet`, { account, from, to, sent: true });
  }
  const ours = ourMessageIds(d);
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const operations: StatementOperation[] = [];
  const entryIds: string[] = [];
  const documentBankIds: (string | null)[] = [];
  let credits = 0n;
  let debits = 0n;
  parts.forEach((s, k) => {
    const prev = parts[k - 1];
    if (prev && (prev.to >= s.from || prev.closingBalance.minor !== s.openingBalance.minor)) {
      throw new GatewayError('CONN_BAD_RESPONSE', `statements of ${account} do not chain: ${prev.from}..${prev.to} closes at ${prev.closingBalance.minor}, ${s.from}..${s.to} opens at ${s.openingBalance.minor}`, { account, from, to, sent: true });
    }
    s.operations.forEach((op, i) => {
      operations.push(op);
      entryIds.push(entryIdOf(s, op, i));
      documentBankIds.push(op.direction === 'debit' ? ourMessageId(op, ours) : null);
    });
    credits += s.totalCredits.minor;
    debits += s.totalDebits.minor;
  });
  const currency = first.currency;
  return {
    account,
    currency,
    from: first.from,
    to: last.to,
    ...(first.owner ? { owner: first.owner } : {}),
    openingBalance: first.openingBalance,
    totalCredits: { minor: credits, currency },
    totalDebits: { minor: debits, currency },
    closingBalance: last.closingBalance,
    operations,
    entryIds,
    documentBankIds,
  };
}
