// Test helpers for the 1C KZ plugin: in-memory InboundFile, item collection, and KZ document text builders.
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { encodeSingleByte, type Charset } from '../../plugins/format-1c-kz/charsets.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import type { InboundFile, ParseItem, PluginContext, ParsedDocument } from '../../gateway/core/plugin.ts';
import type { Issue } from '../../gateway/core/issue.ts';

export function encode(text: string, charset: Charset, bom = false): Uint8Array {
  const body = charset === 'utf-8' ? new TextEncoder().encode(text) : encodeSingleByte(text, charset);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/** An InboundFile over bytes, streamed in chunks of `chunkSize` (small sizes exercise chunk boundaries). */
export function memoryFile(bytes: Uint8Array, chunkSize = 65536, name = '1c_to_kl.txt'): InboundFile {
  return {
    name,
    mailbox: 'test',
    size: bytes.length,
    sha256: '',
    head: bytes.subarray(0, 65536),
    async *open() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.slice(i, i + chunkSize);
    },
  };
}

export function testContext(): PluginContext {
  return {
    logger: silentLogger,
    signal: new AbortController().signal,
    fail(code, message) {
      throw new Error(`${code}: ${message}`);
    },
  };
}

export interface Parsed {
  items: ParseItem[];
  docs: ParsedDocument[];
  issues: Issue[];
  errors: Issue[];
  warnings: Issue[];
}

export async function parseBytes(bytes: Uint8Array, chunkSize?: number): Promise<Parsed> {
  const items: ParseItem[] = [];
  for await (const it of format1cKz.parse(memoryFile(bytes, chunkSize), '1c.kz', testContext())) items.push(it);
  const docs = items.filter((i): i is ParsedDocument => i.type === 'document');
  const issues = items.filter((i) => i.type === 'issue') as Issue[];
  return { items, docs, issues, errors: issues.filter((i) => i.severity === 'error'), warnings: issues.filter((i) => i.severity === 'warning') };
}

export function parseText(text: string, charset: Charset = 'windows-1251', chunkSize?: number): Promise<Parsed> {
  return parseBytes(encode(text, charset), chunkSize);
}

export const HEADER = [
  '1CClientBankExchange',
  'ВерсияФормата=2.00',
  'Кодировка=Windows',
  'Отправитель=Бухгалтерия для Казахстана, редакция 3.0',
  'Получатель=',
  'ДатаСоздания=25.11.2026',
  'ДатаНачала=25.11.2026',
  'ДатаКонца=25.11.2026',
  'РасчСчет=KZ90601A861000012345',
  'Документ=ПлатежноеПоручение',
];

/** A KZ payment order's lines (synthetic identifiers of kz-formats.md 8.1); `over` replaces or adds keys, `null` removes one. */
export function kzDocument(over: Record<string, string | null> = {}, section = 'СекцияДокумент=ПлатежноеПоручение'): string[] {
  const base: Record<string, string> = {
    НомерДокумента: '118',
    ДатаДокумента: '25.11.2026',
    Сумма: '1180000.00',
    Валюта: 'KZT',
    ПлательщикНаименование: 'ТОО "Пример Логистик"',
    ПлательщикБИН_ИИН: '150140001239',
    ПлательщикКБЕ: '17',
    ПлательщикИИК: 'KZ90601A861000012345',
    ПлательщикБанкНаименование: 'АО "Народный Банк Казахстана"',
    ПлательщикБанкБИК: 'HSBKKZKX',
    ПолучательНаименование: 'ТОО "Альфа Снаб"',
    ПолучательБИН_ИИН: '180540007773',
    ПолучательКБЕ: '17',
    ПолучательИИК: 'KZ258562203100012345',
    ПолучательБанкНаименование: 'АО "Банк ЦентрКредит"',
    ПолучательБанкБИК: 'KCJBKZKX',
    НазначениеПлатежа: 'Оплата за товар по счету на оплату № 2041 от 18.11.2026, в т.ч. НДС',
    КодНазначенияПлатежа: '710',
    ДатаВалютирования: '25.11.2026',
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete base[k];
    else base[k] = v;
  }
  return [section, ...Object.entries(base).map(([k, v]) => `${k}=${v}`), 'КонецДокумента'];
}

/** Header + documents + КонецФайла joined with `eol`. */
export function kzFile(docs: string[][] = [kzDocument()], eol = '\r\n', header = HEADER): string {
  return [...header, ...docs.flat(), 'КонецФайла'].join(eol) + eol;
}

/** 1-based line number of the first line equal to / starting with `prefix` in a file built by kzFile. */
export function lineOf(text: string, prefix: string, from = 1): number {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.startsWith(prefix)) return i + 1;
  throw new Error(`no line starts with ${prefix}`);
}
