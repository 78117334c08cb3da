// FX deal confirmations from the bank into out/fx/ for 1C: one file per deal, written once (the legs of the deal
// reach 1C as operations of the accounts' statements).
import type { ConnectorSession, FxConfirmation } from '../core/connector.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/db.ts';
import { crlfText, writeOutFile } from './out-files.ts';

const dmy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
/** Confirmations are asked for this far back each round; files already written are not written again. */
const LOOKBACK_MS = 31 * 86_400_000;

export function fxConfirmationLines(c: FxConfirmation): string[] {
  return [
    'СекцияСделкаFX',
    `НомерСделки=${c.dealId}`,
    `ВидСделки=${c.direction === 'buy' ? 'Покупка' : 'Продажа'}`,
    `ДатаСделки=${dmy(c.tradeDate)}`,
    `ДатаВалютирования=${dmy(c.valueDate)}`,
    `ВалютнаяПара=${c.pair}`,
    `Сумма=${c.amount}`,
    `Валюта=${c.currency}`,
    `СуммаВстречная=${c.counterAmount}`,
    `ВалютаВстречная=${c.counterCurrency}`,
    `Курс=${c.rate}`,
    `ЭквивалентKZT=${c.kztEquivalent}`,
    `СчетСписания=${c.debitAccount}`,
    `СчетЗачисления=${c.creditAccount}`,
    `Комиссия=${c.commission}`,
    `ВалютаКомиссии=${c.commissionCurrency}`,
    `ЗаявкаБанкID=${c.orderBankId}`,
    `ДокументШлюза=${c.clientDocumentId}`,
    'КонецСделкиFX',
  ];
}

export async function exportFxConfirmations(d: { store: Store; connector: ConnectorSession; logger: Logger; mailbox: { name: string; root: string } }): Promise<number> {
  const since = new Date(Date.now() - LOOKBACK_MS).toISOString();
  let written = 0;
  for (const c of await d.connector.fxConfirmations(since)) {
    const path = await writeOutFile(d.store.sql, { key: `fx:${c.dealId}`, mailbox: d.mailbox.name, root: d.mailbox.root, rel: `fx/fx_${c.dealId}.txt`, bytes: crlfText(fxConfirmationLines(c)) });
    if (path) written++;
  }
  if (written) d.logger.info({ written }, 'FX deal confirmations written for 1C');
  return written;
}
