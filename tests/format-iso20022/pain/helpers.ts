// Shared pieces of the pain tests: chunked byte streams, collected reader output, writer output as bytes, and
// canonical sample documents (synthetic requisites that pass the KZ checksums, kz-formats.md 3).
import type { BudgetDocument, CanonicalDocument, FxPaymentDocument, PaymentDocument } from '../../../gateway/core/model/document.ts';
import type { Issue } from '../../../gateway/core/issue.ts';
import type { StatusReport } from '../../../gateway/core/model/status-report.ts';
import { readPain001, readPain002, writePain001, type Pain001ReadOptions, type Pain001Summary, type Pain001WriteOptions } from '../../../plugins/format-iso20022/pain/index.ts';

export async function* chunked(bytes: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  if (bytes.length === 0) yield bytes;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

export interface Read001 {
  documents: { line?: number; endLine?: number; document: CanonicalDocument }[];
  issues: Issue[];
  summary: Pain001Summary;
}

export async function read001(bytes: Uint8Array | string, options: Pain001ReadOptions = {}, chunk = 4096): Promise<Read001> {
  const b = typeof bytes === 'string' ? utf8(bytes) : bytes;
  const out: Read001 = { documents: [], issues: [], summary: { paymentInfos: 0, transactions: 0, documents: 0 } };
  for await (const it of readPain001(chunked(b, chunk), options, out.summary)) {
    if (it.type === 'document') out.documents.push(it);
    else if (it.type === 'issue') {
      const { type: _t, ...i } = it;
      out.issues.push(i);
    }
  }
  return out;
}

export async function read002(bytes: Uint8Array | string, chunk = 4096): Promise<{ reports: StatusReport[]; issues: Issue[] }> {
  const b = typeof bytes === 'string' ? utf8(bytes) : bytes;
  const out = { reports: [] as StatusReport[], issues: [] as Issue[] };
  for await (const it of readPain002(chunked(b, chunk))) {
    if (it.type === 'status-report') out.reports.push(it.report);
    else if (it.type === 'issue') {
      const { type: _t, ...i } = it;
      out.issues.push(i);
    }
  }
  return out;
}

export async function write001(docs: readonly CanonicalDocument[], options: Pain001WriteOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of writePain001(docs, options)) parts.push(c);
  return Buffer.concat(parts);
}

export const errors = (issues: readonly Issue[]) => issues.filter((i) => i.severity === 'error');

const PAYER = { name: 'ТОО "Жайлау" & K°', binIin: '090840000906', iban: 'KZ476010131000179714', bic: 'HSBKKZKX', bankName: 'АО "Halyk Bank"', code: '17' };

export const PAYMENT: PaymentDocument = {
  kind: 'payment',
  number: '119',
  date: '2026-11-25',
  amount: { minor: 15_000_050n, currency: 'KZT' },
  payer: PAYER,
  beneficiary: { name: 'ИП Сейтқали', binIin: '850315300128', iban: 'KZ9496511F0008314291', bic: 'IRTYKZKA', code: '19', country: 'KZ' },
  actualPayer: { name: 'Филиал ТОО "Жайлау"', binIin: '090841000906', code: '17' },
  actualBeneficiary: { name: 'Сейтқали Ә.', binIin: '850315300128', code: '19', country: 'KZ' },
  knp: '710',
  purpose: 'Оплата по счёту №5 от 20.11.2026 за товар, в т.ч. НДС 12%',
};

export const BUDGET: BudgetDocument = {
  kind: 'budget',
  number: '120',
  date: '2026-11-25',
  amount: { minor: 4_500_000n, currency: 'KZT' },
  payer: PAYER,
  beneficiary: { name: 'УГД по Алмалинскому району', binIin: '141140001547', iban: 'KZ24070105KSN0000000', bic: 'KKMFKZ2A', code: '11' },
  knp: '911',
  kbk: '101201',
  purpose: 'ИПН за ноябрь 2026',
};

export const FX: FxPaymentDocument = {
  kind: 'fx-payment',
  number: '0121',
  date: '2026-11-25',
  valueDate: '2026-11-26',
  amount: { minor: 1_234_567n, currency: 'USD' },
  payer: { name: 'Zhailau LLP', binIin: '090840000906', iban: 'KZ698562203124676325', bic: 'KCJBKZKX', code: '17' },
  beneficiary: { name: 'ACME Trading Inc.', iban: '0012345678', bic: 'CHASUS33', bankName: 'JPMorgan Chase', code: '27', country: 'US' },
  actualBeneficiary: { name: 'ACME Holding Ltd', country: 'GB' },
  knp: '710',
  purpose: 'Payment for goods under contract 15/2026, invoice 77',
  intermediaryBic: 'BKTRUS33',
  charges: 'OUR',
  contractNumber: '2/601/0000/1234',
};
