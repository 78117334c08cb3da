// A document's timeline from the file drop to the statement entry and the files written back to 1C, in the reader's
// language: the audit events of the file and the document, the statement entries, the exports; bank reasons translated.
import path from 'node:path';
import { REASON_CODES } from '../../../connectors/bank-api/contract.ts';
import type { BankReasonText } from '../../core/connector.ts';
import type { AuditEvent } from '../../store/audit.ts';
import type { DocumentTrail } from '../../store/document-trail.ts';
import { DOCUMENT_STATES } from '../../store/schema.ts';
import { formatDay } from '../i18n/format.ts';
import type { Lang } from '../i18n/langs.ts';
import type { Translate } from '../i18n/translate.ts';

export interface TimelineEntry {
  /** Epoch ms. */
  at: number;
  /** 'file.received', 'document.signed', 'bank.accepted', 'statement.entry', 'export.status', … */
  type: string;
  /** A login, 'system' (the gateway) or 'bank'; null when nobody in particular. */
  actor: string | null;
  /** What happened, in the reader's language. */
  text: string;
  data: Record<string, unknown>;
}

const KNOWN_REASONS: ReadonlySet<string> = new Set(REASON_CODES);
const DOC_STATES: ReadonlySet<string> = new Set(DOCUMENT_STATES);

/** A bank's reason: its code, our words for the code, and the bank's own text in the reader's language. */
export function bankReasonText(t: Translate, lang: Lang, r: BankReasonText | null | undefined): string {
  if (!r) return t('common.none');
  const ours = KNOWN_REASONS.has(r.code) ? t(`bank_reason.${r.code}`) : null;
  const theirs = r[lang] || r.en;
  if (!ours) return `${r.code}: ${theirs}`;
  return theirs && theirs !== ours ? `${r.code} — ${ours}: ${theirs}` : `${r.code} — ${ours}`;
}

const stateName = (t: Translate, s: unknown) => (typeof s === 'string' && DOC_STATES.has(s) ? t(`docs.state.${s}`) : String(s ?? ''));
const roleName = (t: Translate, r: unknown) => (r === 'single' || r === 'first' || r === 'second' ? t(`doc.sig.role.${r}`) : String(r ?? ''));
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function fileEntry(e: AuditEvent, t: Translate): TimelineEntry | null {
  const data = obj(e.data);
  const base = { at: e.at, actor: e.actor, data };
  switch (e.type) {
    case 'file.received':
      return { ...base, type: e.type, text: t('tl.file.received', { name: String(data['name'] ?? ''), mailbox: String(data['mailbox'] ?? '') }) };
    case 'file.parsed':
      return { ...base, type: e.type, text: t('tl.file.parsed') };
    case 'file.invalid':
    case 'file.rejected':
      return { ...base, type: e.type, text: t(`tl.${e.type}`, { code: String(data['errorCode'] ?? '') }) };
    default:
      return null;
  }
}

function documentEntry(e: AuditEvent, t: Translate, lang: Lang, issues: number): TimelineEntry {
  const data = obj(e.data);
  const base = { at: e.at, actor: e.actor, data };
  switch (e.type) {
    case 'document.created': {
      const p = { line: String(data['line'] ?? '—'), state: stateName(t, data['state']) };
      return { ...base, type: e.type, text: issues > 0 ? t('tl.document.created_issues', { ...p, count: issues }) : t('tl.document.created', p) };
    }
    case 'document.list-attached':
      return { ...base, type: e.type, text: t('tl.document.list-attached', { file: String(data['sideCar'] ?? ''), rows: Number(data['rows'] ?? 0) }) };
    case 'document.sign-requested':
    case 'document.queued':
      return { ...base, type: e.type, text: t(`tl.${e.type}`) };
    case 'document.signed':
    case 'document.signed-automatically':
      return { ...base, type: e.type, text: t(`tl.${e.type}`, { role: roleName(t, data['role']) }) };
    case 'document.held': {
      const problems = Array.isArray(data['problems']) ? (data['problems'] as { code?: unknown; message?: unknown }[]).map((p) => `${String(p.code ?? '')} ${String(p.message ?? '')}`.trim()).join('; ') : '';
      return { ...base, type: e.type, text: t('tl.document.held', { problems }) };
    }
    case 'document.state':
      return { ...base, type: e.type, text: t('tl.document.state', { to: stateName(t, data['to']) }) };
    case 'document.bank-status': {
      const state = String(data['bankState'] ?? '');
      const type = `bank.${state}`;
      if (state === 'received') return { ...base, type, text: t('tl.bank.received', { bankId: String(data['bankId'] ?? '') }) };
      if (state === 'accepted') return { ...base, type, text: t('tl.bank.accepted', { date: typeof data['executionDate'] === 'string' ? formatDay(data['executionDate'], lang) : '—' }) };
      if (state === 'executed') return { ...base, type, text: t('tl.bank.executed') };
      if (state === 'rejected') return { ...base, type, text: t('tl.bank.rejected', { reason: bankReasonText(t, lang, data['reason'] as BankReasonText | null) }) };
      return { ...base, type: e.type, text: t('tl.other', { type: e.type }) };
    }
    default:
      return { ...base, type: e.type, text: t('tl.other', { type: e.type }) };
  }
}

/** Every step in time order (ties keep the order of the way: file, document, bank, statement, 1C). */
export function buildTimeline(trail: DocumentTrail, issues: number, t: Translate, lang: Lang): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of trail.fileEvents) {
    const entry = fileEntry(e, t);
    if (entry) out.push(entry);
  }
  for (const e of trail.documentEvents) out.push(documentEntry(e, t, lang, issues));
  const s = trail.submission;
  if (s?.lastError) out.push({ at: s.updatedAt, type: 'bank.error', actor: 'system', text: t('tl.submission.error', { error: s.lastError }), data: { attempts: s.attempts } });
  for (const e of trail.entries) {
    out.push({ at: e.fetchedAt, type: 'statement.entry', actor: 'bank', text: t('tl.statement', { account: e.account, date: formatDay(e.bookingDate, lang), bankId: e.bankId }), data: { bankId: e.bankId, account: e.account, bookingDate: e.bookingDate, amountMinor: e.amountMinor, currency: e.currency } });
  }
  for (const x of trail.exports) {
    const kind = x.key.startsWith('status:') ? 'status' : 'statement';
    out.push({ at: x.writtenAt, type: `export.${kind}`, actor: 'system', text: t(`tl.export.${kind}`, { file: path.basename(x.path) }), data: { key: x.key, mailbox: x.mailbox, file: path.basename(x.path) } });
  }
  // Array.prototype.sort is stable: equal times keep the order above.
  return out.sort((a, b) => a.at - b.at);
}
