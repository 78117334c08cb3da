// pain.001 benchmark (issue 8): a ~100 MB pain.001.001.09 with 100,000 transactions (made by our writer) read by
// readPain001 beside a bare saxes pass over the same bytes (bench/xml-read-bench.ts), and the reader's peak RSS.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CanonicalDocument } from '../gateway/core/model/document.ts';
import { writePain001 } from '../plugins/format-iso20022/pain/index.ts';
import type { BenchRow } from './table.ts';
import { xmlReadRows } from './xml-read-bench.ts';

/** Writes `transactions` payments (3 payers → 3 PmtInf) through the pain.001.001.09 writer; returns the file size. */
export async function writeBigPain001(file: string, transactions: number): Promise<number> {
  const payers = [0, 1, 2].map((i) => ({ name: `ТОО "Жайлау-${i}"`, binIin: '090840000906', iban: 'KZ476010131000179714', bic: 'HSBKKZKX', code: '17' }));
  const beneficiary = { name: 'ИП Сейтқали Әлихан', binIin: '850315300128', iban: 'KZ9496511F0008314291', bic: 'IRTYKZKA', code: '19' };
  const purpose = 'Оплата по счёту №5 от 20.11.2026, в т.ч. НДС';
  const docs: CanonicalDocument[] = [];
  for (let i = 0; i < transactions; i++) {
    docs.push({ kind: 'payment', number: String(100000 + i), date: '2026-11-25', amount: { minor: BigInt(100_000 + i * 7), currency: 'KZT' }, payer: payers[i % 3]!, beneficiary, knp: '710', purpose: `${purpose} (${i})` });
  }
  const out = createWriteStream(file);
  for await (const chunk of writePain001(docs, { messageId: 'BENCH-PAIN-001', createdAt: '2026-11-25T09:00:00+05:00' })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return statSync(file).size;
}

export async function benchPain(transactions = 100_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-painbench-'));
  try {
    const file = path.join(dir, 'pain001.xml');
    const bytes = await writeBigPain001(file, transactions);
    return await xmlReadRows({ reader: 'pain', label: `pain.001 read, ${transactions.toLocaleString('en-US')} transactions`, file, bytes, record: 'CdtTrfTxInf', records: transactions });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
