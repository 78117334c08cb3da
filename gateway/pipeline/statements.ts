// Statements from the bank: fetched per account and business day with gap filling from the last complete day,
// entries stored once by bank id, own documents marked executed when their entry arrives, and the day's
// statement written into out/ in each configured format (1C kl_to_1c, camt.053, MT940) — rewritten only when the day's
// content changed.
import type { BankStatement, ConnectorSession } from '../core/connector.ts';
import { isGatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { toJson } from '../core/model/json.ts';
import type { WriteCharset } from '../../plugins/format-1c-kz/index.ts';
import type { Store } from '../store/db.ts';
import type { Db } from '../store/sql/executor.ts';
import { recordBankStatus, submissionByBankId } from '../store/submissions-repo.ts';
import { writeOutFile } from './out-files.ts';
import type { StatementOutput } from './statement-outputs.ts';

export interface StatementDeps {
  store: Store;
  connector: ConnectorSession;
  logger: Logger;
  /** Business "today" (Asia/Almaty by default). */
  today(): string;
  /** Mailbox whose out/ receives statement files. */
  mailbox: { name: string; root: string };
  encoding: WriteCharset;
  /** The files written per account and day (at least one). */
  outputs: readonly StatementOutput[];
  /** Zone of the business day (creation time written into the files). */
  timeZone: string;
  /** How many days back a never-fetched account starts. */
  lookbackDays: number;
  /** Accounts always fetched (besides the payer accounts of submitted documents). */
  accounts: readonly string[];
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The payer's IBAN of a document row `d` (text, or null): json_extract on SQLite, a jsonb path on PostgreSQL. */
const payerIban = (db: Db) => (db.dialect === 'postgres' ? `(d.body_json::jsonb #>> '{payer,iban}')` : `json_extract(d.body_json, '$.payer.iban')`);

/** Accounts to fetch: configured ones, the payers of documents sent to the bank, and those fetched before. */
export async function statementAccounts(db: Db, configured: readonly string[]): Promise<string[]> {
  const payers = (await db.all<{ iban: string }>(`SELECT DISTINCT ${payerIban(db)} AS iban FROM bank_submissions s JOIN documents d ON d.id = s.document_id WHERE ${payerIban(db)} IS NOT NULL`)).map((r) => r.iban);
  const known = (await db.all<{ account: string }>('SELECT account FROM statement_cursors')).map((r) => r.account);
  return [...new Set([...configured, ...payers, ...known])].sort();
}

/** Stores new entries (once per bank id); returns how many were new and marks own documents executed. */
export async function storeStatement(db: Db, st: BankStatement): Promise<{ added: number; executed: string[] }> {
  const executed: string[] = [];
  let added = 0;
  const now = db.clock.now();
  const insert =
    'INSERT INTO statement_entries (bank_id, account, currency, booking_date, direction, amount_minor, operation_json, document_id, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(bank_id) DO NOTHING';
  const links: { documentId: string; bankId: string; entryId: string }[] = [];
  await db.transaction(async (tx) => {
    for (const [i, op] of st.operations.entries()) {
      const entryId = st.entryIds[i]!;
      const docBankId = st.documentBankIds[i] ?? null;
      const sub = docBankId ? await submissionByBankId(tx, docBankId) : undefined;
      if ((await tx.run(insert, [entryId, st.account, st.currency, op.date, op.direction, op.amount.minor.toString(), toJson(op), sub?.documentId ?? null, now])).changes === 1) added++;
      if (sub && op.direction === 'debit' && sub.bankState !== 'executed' && sub.bankId) links.push({ documentId: sub.documentId, bankId: sub.bankId, entryId });
    }
  });
  for (const l of links) {
    const sub = (await submissionByBankId(db, l.bankId))!;
    await recordBankStatus(db, l.documentId, { bankId: l.bankId, idempotencyKey: sub.idempotencyKey, state: 'executed', reason: null, executionDate: sub.executionDate, entryBankId: l.entryId }, 'statement');
    executed.push(l.documentId);
  }
  return { added, executed };
}


async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

/** Fetches every account's missing days up to today; writes one 1C file per account and day that has operations. */
export async function syncStatements(d: StatementDeps): Promise<{ fetched: number; notDelivered: number; added: number; executed: string[]; files: string[] }> {
  const today = d.today();
  const out = { fetched: 0, notDelivered: 0, added: 0, executed: [] as string[], files: [] as string[] };
  const db = d.store.sql;
  for (const account of await statementAccounts(db, d.accounts)) {
    const cursor = (await db.get<{ lastDate: string }>('SELECT last_date AS "lastDate" FROM statement_cursors WHERE account = $1', [account]))?.lastDate;
    // The last complete day is fetched again once more: entries booked late on it are caught; duplicates are ignored by bank id.
    let day = cursor ?? addDays(today, -d.lookbackDays);
    for (; day <= today; day = addDays(day, 1)) {
      let st: BankStatement;
      try {
        st = await d.connector.statement(account, day, day);
      } catch (e) {
        // A bank that pushes statements (host-to-host files) has none for this day yet, or none at all (a weekend):
        // the day is skipped and the cursor stays, so a file that comes later is still taken — unless a later day's
        // statement came first, which closes the gap.
        if (isGatewayError(e) && e.code === 'CONN_NOT_DELIVERED') {
          out.notDelivered++;
          continue;
        }
        throw e;
      }
      out.fetched++;
      const r = await storeStatement(db, st);
      out.added += r.added;
      out.executed.push(...r.executed);
      if (st.operations.length > 0) {
        // Each file carries a creation time: the operations and balances decide whether it changed.
        const identity = `${st.entryIds.join(',')}|${st.openingBalance.minor}|${st.closingBalance.minor}`;
        const options = { encoding: d.encoding, createdAt: new Date().toISOString(), timeZone: d.timeZone, messageId: `${account}-${day}` };
        for (const o of d.outputs) {
          const bytes = await collect(o.writer.write([st], options));
          const written = await writeOutFile(db, { key: o.key(account, day), mailbox: d.mailbox.name, root: d.mailbox.root, rel: o.fileName(account, day), bytes, identity });
          if (written) out.files.push(written);
        }
      }
      if (day < today) {
        await db.run(
          'INSERT INTO statement_cursors (account, currency, last_date, closing_minor, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT(account) DO UPDATE SET currency = excluded.currency, last_date = excluded.last_date, closing_minor = excluded.closing_minor, updated_at = excluded.updated_at',
          [account, st.currency, day, st.closingBalance.minor.toString(), db.clock.now()],
        );
      }
    }
  }
  if (out.added || out.executed.length) d.logger.info({ fetched: out.fetched, added: out.added, executed: out.executed.length, files: out.files.length }, 'statements synchronised');
  return out;
}
