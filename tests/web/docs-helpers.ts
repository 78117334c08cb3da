// Documents for the dashboard's list tests, stored through the real repositories: a seeded random mix of kinds, states,
// accounts, beneficiaries (Kazakh and Russian names in mixed case), amounts and dates, with what each one is.
import { seededRandom } from '../e2e/kill-harness.ts';
import { createHash } from 'node:crypto';
import type { CanonicalDocument, DocumentKind } from '../../gateway/core/model/document.ts';
import type { Store } from '../../gateway/store/db.ts';
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

/** `files` files of `perFile` documents each, the clock moving on between files; returns what was stored. */
export function storeMix(store: Store & { clock: { advance(ms: number): void } }, seed: number, files: number, perFile: number): Stored[] {
  const r = rng(seed);
  const out: Stored[] = [];
  for (let f = 0; f < files; f++) {
    store.clock.advance(60_000 + Math.floor(r() * 600_000));
    const file = (await recordReceivedFile(store.sql, { mailbox: 'default', name: `mix-${seed}-${f}.txt`, claimId: `mix-${seed}-${f}`, sha256: createHash('sha256').update(`mix-${seed}-${f}`).digest('hex'), size: 100, format: '1c.kz' }));
    const docs = Array.from({ length: perFile }, (_, i) => {
      const kind = pick(r, ['payment', 'payment', 'payment', 'budget', 'salary', 'fx-order', 'letter'] as const);
      return { seq: i, line: 1 + i * 10, document: documentOf(r, kind, i), state: pick(r, STATES) };
    });
    const { ids } = (await insertDocuments(store.sql, file.id, docs));
    ids.forEach((id, i) => {
      const d = docs[i]!.document;
      out.push({
        id,
        fileId: file.id,
        state: docs[i]!.state,
        kind: d.kind,
        account: 'payer' in d ? (d.payer.iban ?? null) : d.kind === 'fx-order' ? d.fromIban : null,
        name: 'beneficiary' in d ? d.beneficiary.name : null,
        bin: 'beneficiary' in d ? (d.beneficiary.binIin ?? null) : null,
        number: d.number,
        day: d.date,
        amount: 'amount' in d ? d.amount.minor : null,
      });
    });
  }
  return out;
}
