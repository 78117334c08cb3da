// Letters with the bank: sent through the connector like `bankgate letter send` (audited with names, sizes and
// SHA-256 of the attachments, never their content), and listed as the bank holds them, with the files written
// into out/letters/ for the accountant.
import type { BankLetter } from '../../core/connector.ts';
import type { Store } from '../../store/db.ts';
import { appendEventTx } from '../../store/sql/audit-log.ts';
import type { Db } from '../../store/sql/executor.ts';
import type { UserRow } from '../../store/users-repo.ts';
import type { WebDeps } from '../deps.ts';
import { askBank } from './bank-call.ts';
import { attachmentFacts, type LetterDraft } from './letter-draft.ts';

/** The window letters are listed for (the one the export to out/letters/ uses). */
export const LETTERS_LOOKBACK_MS = 31 * 86_400_000;
/** Sent letters are audit events of this entity: the entity index lists them without scanning the log. */
const LETTERS_ENTITY = { entityType: 'system', entityId: 'letters' } as const;

export interface SentLetter {
  bankId: string;
  createdAt: string;
  attachments: { name: string; size: number; sha256: string }[];
}

/**
 * Sends under an idempotency key made of the user and the form's key: the same form sent twice is one letter at the
 * bank, and one audit event here.
 */
export async function sendLetter(d: WebDeps & { bank: NonNullable<WebDeps['bank']> }, user: UserRow, draft: LetterDraft, formKey: string, via: 'web' | 'api'): Promise<SentLetter> {
  const idempotencyKey = `web-letter-${user.id}-${formKey}`;
  const letter = await d.bank.session.letters.send({ subject: draft.subject, body: draft.body, attachments: draft.attachments }, idempotencyKey);
  const attachments = draft.attachments.map(attachmentFacts);
  // Looked up and appended in one transaction: two sends of the same form answered at once record one event.
  await d.store.sql.transaction(async (tx) => {
    const bankIdOf = tx.dialect === 'postgres' ? `data_json::jsonb ->> 'bankId'` : `json_extract(data_json, '$.bankId')`;
    const seen = await tx.get(`SELECT 1 AS one FROM events WHERE entity_type = $1 AND entity_id = $2 AND type = 'letter.sent' AND ${bankIdOf} = $3`, [LETTERS_ENTITY.entityType, LETTERS_ENTITY.entityId, letter.bankId]);
    if (!seen) {
      await appendEventTx(tx, { ...LETTERS_ENTITY, type: 'letter.sent', actor: user.login, data: { bankId: letter.bankId, subject: draft.subject, bodyChars: [...draft.body].length, attachments, idempotencyKey, via } });
    }
  });
  return { bankId: letter.bankId, createdAt: letter.createdAt, attachments };
}

export interface SentLetterEvent {
  seq: number;
  at: number;
  actor: string;
  bankId: string;
  subject: string;
  attachments: { name: string; size: number; sha256: string }[];
}

/** Letters sent from this gateway, newest first (from the audit log). */
export async function sentLetters(db: Db, limit = 100): Promise<SentLetterEvent[]> {
  const rows = await db.all<{ seq: number; at: number; actor: string; data: string }>(
    `SELECT seq, at, actor, data_json AS data FROM events WHERE entity_type = $1 AND entity_id = $2 AND type = 'letter.sent' ORDER BY seq DESC LIMIT $3`,
    [LETTERS_ENTITY.entityType, LETTERS_ENTITY.entityId, limit],
  );
  return rows.map((r) => {
    const data = JSON.parse(r.data) as { bankId: string; subject: string; attachments: SentLetterEvent['attachments'] };
    return { seq: r.seq, at: r.at, actor: r.actor, bankId: data.bankId, subject: data.subject, attachments: data.attachments ?? [] };
  });
}

/** Text files of the bank's letters written into out/letters/ ('letter:<bankId>' in exports, attachments excluded). */
export async function exportedLetters(db: Db): Promise<Map<string, { path: string; writtenAt: number }>> {
  // A key range: ';' follows ':' (byte order on both: the PostgreSQL store only opens a database with C collation, pg/open.ts).
  const rows = await db.all<{ key: string; path: string; writtenAt: number }>(`SELECT key, path, written_at AS "writtenAt" FROM exports WHERE key >= 'letter:' AND key < 'letter;'`);
  const out = new Map<string, { path: string; writtenAt: number }>();
  for (const r of rows) {
    const bankId = r.key.slice('letter:'.length);
    if (!bankId.includes(':')) out.set(bankId, { path: r.path, writtenAt: r.writtenAt });
  }
  return out;
}

/** The letters the bank holds for the last 31 days, newest first; null with the reason when it could not be asked. */
export async function bankLetters(d: WebDeps): Promise<{ items: BankLetter[] | null; error: string | null; bank: boolean }> {
  const bank = d.bank;
  const since = new Date(d.store.clock.now() - LETTERS_LOOKBACK_MS).toISOString();
  const r = await askBank(bank ? () => bank.session.letters.fetch(since) : null);
  if (r.ok) return { items: [...r.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), error: null, bank: true };
  return { items: null, error: r.reason === 'failed' ? (r.error ?? null) : null, bank: Boolean(bank) };
}
