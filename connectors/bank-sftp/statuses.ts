// Bank statuses from what the download folder said: pain.002 reports (by original MsgId / EndToEndId, which are the
// same id here) and booked debits in camt statements. States only move forward; a final state is kept.
import type { BankReasonText, BankState } from '../../gateway/core/connector.ts';
import type { StatusReport } from '../../gateway/core/model/status-report.ts';
import { transactionStates } from '../../plugins/format-iso20022/pain/index.ts';
import type { SftpStateData, StatusRecord } from './state.ts';

const RANK: Record<BankState, number> = { received: 0, accepted: 1, executed: 2, rejected: 3 };
/** ISO DU01 "duplicate message id": the bank refused a second copy of a file, which says nothing about the first. */
const DUPLICATE_FILE = 'DU01';

export interface StatusChange {
  messageId: string;
  state: BankState;
  reason: BankReasonText | null;
  executionDate?: string | null;
  entryBankId?: string | null;
  file: string;
}

/** Merges one observation; returns whether it changed anything. Executed and rejected are final. */
export function applyStatus(d: SftpStateData, c: StatusChange): boolean {
  if (c.state === 'rejected' && c.reason?.code === DUPLICATE_FILE) return false;
  const cur: StatusRecord | undefined = d.statuses[c.messageId];
  if (cur && (cur.state === 'executed' || cur.state === 'rejected')) {
    // A final state keeps its place; a later statement may still name the entry or the date it lacked.
    if (cur.state === 'executed' && c.state === 'executed') {
      cur.executionDate ??= c.executionDate ?? null;
      cur.entryBankId ??= c.entryBankId ?? null;
    }
    return false;
  }
  if (cur && RANK[c.state] < RANK[cur.state]) return false;
  d.statuses[c.messageId] = {
    state: c.state,
    reason: c.reason,
    executionDate: c.executionDate ?? cur?.executionDate ?? null,
    entryBankId: c.entryBankId ?? cur?.entryBankId ?? null,
    file: c.file,
  };
  return true;
}

const dateOf = (v: string | undefined): string | null => (v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);

/**
 * One pain.002 → status changes per original message. Each of our pain.001 files carries one transaction whose
 * EndToEndId is the MsgId, so every transaction state of the report belongs to that message; a rejection anywhere
 * rejects it, otherwise the most advanced state counts.
 */
export function statusChangesOf(report: StatusReport, file: string): StatusChange[] {
  const states = transactionStates(report);
  if (!states.length) return [];
  const byMessage = new Map<string, typeof states>();
  for (const s of states) {
    const id = s.endToEndId ?? report.originalMessageId;
    byMessage.set(id, [...(byMessage.get(id) ?? []), s]);
  }
  const acceptedAt = report.payments.flatMap((p) => p.transactions).map((t) => t.acceptedAt).find((v) => dateOf(v));
  const out: StatusChange[] = [];
  for (const [messageId, list] of byMessage) {
    const rejected = list.find((s) => s.state === 'rejected');
    const top = rejected ?? list.reduce((a, b) => (RANK[b.state] > RANK[a.state] ? b : a));
    out.push({
      messageId,
      state: top.state,
      reason: top.reason,
      executionDate: top.state === 'executed' ? (dateOf(acceptedAt) ?? dateOf(report.createdAt)) : null,
      file,
    });
  }
  return out;
}
