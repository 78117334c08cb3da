// Writes a large realistic 1C payment file (cp1251, CRLF, ~30 keys per document) for the 1C benchmarks.
import { open } from 'node:fs/promises';
import { encodeSingleByte } from '../plugins/format-1c-kz/charsets.ts';

/** IIN/BIN check digit (kz-formats.md 3.3): weights 1..11, then 3..11,1,2 when the first gives 10. */
function binCheck(first11: string): string {
  const d = [...first11].map(Number);
  const sum = (w: number[]) => d.reduce((s, x, i) => s + x * w[i]!, 0) % 11;
  let c = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (c === 10) c = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return first11 + String(c === 10 ? 0 : c);
}

function document(n: number): string {
  const tiyn = 100_00 + ((n * 7919) % 99_999_999);
  const amount = `${Math.floor(tiyn / 100)}.${String(tiyn % 100).padStart(2, '0')}`;
  return [
    'СекцияДокумент=Платежное поручение',
    `НомерДокумента=${n}`,
    'ДатаДокумента=25.11.2026',
    'ВидДокумента=ПлатежноеПоручение',
    `Сумма=${amount}`,
    'Валюта=KZT',
    'ПлательщикНаименование=ТОО "Пример Логистик"',
    `ПлательщикБИН_ИИН=${binCheck('15014000123')}`,
    'ПлательщикКБЕ=17',
    'ПлательщикИИК=KZ90601A861000012345',
    'ПлательщикБанкНаименование=АО "Народный Банк Казахстана"',
    'ПлательщикБанкБИН_ИИН=940140000385',
    'ПлательщикБанкБИК=HSBKKZKX',
    `ПолучательНаименование=ТОО "Альфа Снаб ${n % 997}"`,
    `ПолучательБИН_ИИН=${binCheck('18054000777')}`,
    'ПолучательКБЕ=17',
    'ПолучательИИК=KZ258562203100012345',
    'ПолучательБанкНаименование=АО "Банк ЦентрКредит"',
    'ПолучательБанкБИН_ИИН=980640000093',
    'ПолучательБанкБИК=KCJBKZKX',
    `НазначениеПлатежа=Оплата за товар по счету на оплату № ${n} от 18.11.2026, в т.ч. НДС 12%`,
    'НазначениеПлатежа1=Оплата за товар',
    `НазначениеПлатежа2=по счету № ${n}`,
    'КодНазначенияПлатежа=710',
    'ДатаВалютирования=25.11.2026',
    'Очередность=5',
    'ВидОплаты=01',
    'КодБК=',
    'Код=',
    'ПлательщикРасчСчет=KZ90601A861000012345',
    'КонецДокумента',
  ].join('\r\n');
}

/** Streams `documents` payment orders into `file`; returns its size in bytes. */
export async function writeBig1c(file: string, documents: number): Promise<number> {
  const fh = await open(file, 'w');
  let size = 0;
  const put = async (text: string) => {
    const b = encodeSingleByte(text, 'windows-1251');
    size += b.length;
    await fh.write(b);
  };
  await put(['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'Отправитель=Бухгалтерия для Казахстана, редакция 3.0', 'Получатель=', 'ДатаСоздания=25.11.2026', 'ДатаНачала=25.11.2026', 'ДатаКонца=25.11.2026', 'РасчСчет=KZ90601A861000012345', 'Документ=Платежное поручение', ''].join('\r\n'));
  let batch: string[] = [];
  for (let n = 1; n <= documents; n++) {
    batch.push(document(n));
    if (batch.length === 1000 || n === documents) {
      await put(batch.join('\r\n') + '\r\n');
      batch = [];
    }
  }
  await put('КонецФайла\r\n');
  await fh.close();
  return size;
}
