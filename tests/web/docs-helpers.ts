// Documents for the dashboard's list tests, stored through the real repositories: a seeded random mix of kinds, states,
// accounts, beneficiaries (Kazakh and Russian names in mixed case), amounts and dates, with what each one is.
import { seededRandom } from '../fixtures/seeded-random.ts';
import { createHash } from 'node:crypto';
import type { CanonicalDocument, DocumentKind } from '../../gateway/core/model/document.ts';
import { newId } from '../../gateway/core/id.ts';
import { toJson } from '../../gateway/core/model/json.ts';
import type { Store } from '../../gateway/store/db.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { insertDocuments } from '../../gateway/store/documents-repo.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import type { DocumentState } from '../../gateway/store/schema.ts';

export const ACCOUNTS = ['KZ86125KZT5004100100', 'KZ75125KZT2069100100', 'KZ27601A861000012345'] as const;
export const NAMES = ['ТОО «Ромашка»', 'АО «Қазақтелеком»', 'ИП Иванов И.И.', 'ТОО «РОМАШКА-СЕРВИС»', 'ЖШС «Алтын Дала»', 'ГУ «Управление госдоходов»', 'Ромашка Trade LLP'] as const;
export const BINS = ['123456789012', '210987654321', '990101300123', '070440001234'] as const;
export const DAYS = ['2025-01-10', '2025-01-11', '2025-01-12', '2025-01-13', '2025-01-14', '2025-01-15'] as const;
export const STATES: DocumentState[] = ['awaiting-signature', 'invalid', 'signed', 'executed', 'rejected'];

/** What a stored document is, as the list filters see it. */
export interface Stored {
  id: string;
  fileId: string;
  state: DocumentState;
  kind: DocumentKind;
  account: string | null;
  name: string | null;
  bin: string | null;
  number: string;
  day: string;
  amount: bigint | null;
}

/** mulberry32, shared with the crash tests: a failing run replays from its seed. */
export const rng = seededRandom;
export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function documentOf(r: () => number, kind: DocumentKind, i: number): CanonicalDocument {
  const number = String(1 + Math.floor(r() * 20));
  const date = pick(r, DAYS);
  const amount = { minor: BigInt(1 + Math.floor(r() * 5_000_000)), currency: 'KZT' };
  const payer = { name: 'ТОО «Плательщик»', binIin: '150140001239', iban: pick(r, ACCOUNTS) };
  const beneficiary = { name: pick(r, NAMES), binIin: pick(r, BINS), iban: 'KZ75125KZT2069100100', code: '17' };
  const base = { number, date, amount, payer, beneficiary, knp: '710', purpose: `Оплата №${i}` };
  if (kind === 'budget') return { ...base, kind, kbk: '101201' };
  if (kind === 'salary') return { ...base, kind, rows: [{ iin: '880101300123', lastName: 'Ахметов', firstName: 'Ерлан', amount }] };
  if (kind === 'fx-order') return { kind, number, date, direction: 'buy', amount, fromIban: pick(r, ACCOUNTS), toIban: 'KZ86125USD5004100100', purpose: 'Покупка' };
  if (kind === 'letter') return { kind, number, date, subject: 'Письмо', body: 'Текст' };
  return { ...base, kind: 'payment' };
}

interface MixFile {
  /** How far the clock moves on before the file arrives. */
  advance: number;
  name: string;
  docs: { seq: number; line: number; document: CanonicalDocument; state: DocumentState }[];
}

/** The files of a mix, in the order the seeded random numbers make them (storeMix and storeMixDb store the same). */
function* mixFiles(seed: number, files: number, perFile: number): Generator<MixFile> {
  const r = rng(seed);
  for (let f = 0; f < files; f++) {
    const advance = 60_000 + Math.floor(r() * 600_000);
    const docs = Array.from({ length: perFile }, (_, i) => {
      const kind = pick(r, ['payment', 'payment', 'payment', 'budget', 'salary', 'fx-order', 'letter'] as const);
      return { seq: i, line: 1 + i * 10, document: documentOf(r, kind, i), state: pick(r, STATES) };
    });
    yield { advance, name: `mix-${seed}-${f}`, docs };
  }
}

function stored(id: string, fileId: string, d: CanonicalDocument, state: DocumentState): Stored {
  return {
    id,
    fileId,
    state,
    kind: d.kind,
    account: 'payer' in d ? (d.payer.iban ?? null) : d.kind === 'fx-order' ? d.fromIban : null,
    name: 'beneficiary' in d ? d.beneficiary.name : null,
    bin: 'beneficiary' in d ? (d.beneficiary.binIin ?? null) : null,
    number: d.number,
    day: d.date,
    amount: 'amount' in d ? d.amount.minor : null,
  };
}

/** `files` files of `perFile` documents each, the clock moving on between files; returns what was stored. */
export async function storeMix(store: Store & { clock: { advance(ms: number): void } }, seed: number, files: number, perFile: number): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const mf of mixFiles(seed, files, perFile)) {
    store.clock.advance(mf.advance);
    const file = (await recordReceivedFile(store.sql, { mailbox: 'default', name: `${mf.name}.txt`, claimId: mf.name, sha256: createHash('sha256').update(mf.name).digest('hex'), size: 100, format: '1c.kz' }));
    const { ids } = (await insertDocuments(store.sql, file.id, mf.docs));
    ids.forEach((id, i) => out.push(stored(id, file.id, mf.docs[i]!.document, mf.docs[i]!.state)));
  }
  return out;
}

/**
 * The same mix written with plain SQL through the Db port, on SQLite or PostgreSQL: the rows as insertDocuments
 * stores them (the search columns and the counters follow from the schema's generated columns and triggers).
 */
export async function storeMixDb(db: Db, clock: { now(): number; advance(ms: number): void }, seed: number, files: number, perFile: number): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const mf of mixFiles(seed, files, perFile)) {
    clock.advance(mf.advance);
    const at = clock.now();
    const fileId = newId(at);
    await db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, format, received_at, updated_at) VALUES ($1, 'default', $2, $3, $4, 100, 'parsed', '1c.kz', $5, $5)`,
        [fileId, `${mf.name}.txt`, mf.name, createHash('sha256').update(mf.name).digest('hex'), at],
      );
      for (const d of mf.docs) {
        const id = newId(at);
        await insertDocumentSql(tx, { id, fileId, seq: d.seq, line: d.line, document: d.document, state: d.state, createdAt: at });
        out.push(stored(id, fileId, d.document, d.state));
      }
    });
  }
  return out;
}

/** One documents row, as insertDocuments writes it, by plain SQL (no audit event). */
export async function insertDocumentSql(db: Db, r: { id: string; fileId: string; seq: number; line?: number | null; document: CanonicalDocument; state: string; createdAt: number; issues?: unknown[] }): Promise<void> {
  const amount = 'amount' in r.document ? r.document.amount : null;
  await db.run(
    `INSERT INTO documents (id, file_id, seq, line, kind, number, doc_date, amount_minor, currency, body_json, state, issues_json, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      r.id,
      r.fileId,
      r.seq,
      r.line ?? null,
      r.document.kind,
      r.document.number,
      r.document.date,
      amount ? amount.minor.toString() : null,
      amount ? amount.currency : null,
      toJson(r.document),
      r.state,
      r.issues?.length ? JSON.stringify(r.issues) : null,
      r.createdAt,
    ],
  );
}
