// Writes a 1,000,000-operation statement for 1C through the streaming writer into a file: seconds, bytes.
import { open } from 'node:fs/promises';
import type { StatementOperation } from '../../gateway/core/model/statement.ts';
import { writeStatement1c } from '../../plugins/format-1c-kz/index.ts';

/** Operations generated on demand (the writer reads them twice: totals check, then output). */
function* operations(n: number): Generator<StatementOperation> {
  for (let i = 1; i <= n; i++) {
    const credit = i % 3 === 0;
    yield {
      date: '2026-11-25',
      number: String(i),
      direction: credit ? 'credit' : 'debit',
      amount: { minor: BigInt(1000 + (i % 97) * 101), currency: 'KZT' },
      counterparty: { name: `ТОО «Әлем ${i % 1000}»`, binIin: '180540007773', iban: 'KZ258562203100012345', bic: 'KCJBKZKX', code: '17' },
      knp: '710',
      purpose: `Оплата по счёту № ${i} от 20.11.2026`,
      documentKind: 'Платежное поручение',
    };
  }
}

export async function writeStatement(file: string, n: number): Promise<Record<string, number>> {
  let credits = 0n;
  let debits = 0n;
  for (const op of operations(n)) {
    if (op.direction === 'credit') credits += op.amount.minor;
    else debits += op.amount.minor;
  }
  const opening = 10_000_000_000n;
  const t0 = performance.now();
  const fh = await open(file, 'w');
  let bytes = 0;
  // cp1251 has no Kazakh letters: RK1048 keeps "Әлем" intact, as a real KZ statement needs.
  for await (const chunk of writeStatement1c(
    {
      account: 'KZ90601A861000012345',
      currency: 'KZT',
      from: '2026-11-01',
      to: '2026-11-25',
      openingBalance: { minor: opening, currency: 'KZT' },
      totalCredits: { minor: credits, currency: 'KZT' },
      totalDebits: { minor: debits, currency: 'KZT' },
      closingBalance: { minor: opening + credits - debits, currency: 'KZT' },
      operations: () => operations(n),
    },
    { encoding: 'rk1048' },
  )) {
    bytes += chunk.length;
    await fh.write(chunk);
  }
  await fh.sync();
  await fh.close();
  return { seconds: (performance.now() - t0) / 1000, operations: n, bytes };
}
