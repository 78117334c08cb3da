// Statement → `kl_to_1c.txt` (kz-formats.md 5.1, 8.3): header, СекцияРасчСчет with the four balances, one
// `СекцияДокумент=Выписка` per operation with СуммаПриход/СуммаРасход, КонецФайла. Streams bytes with bounded
// memory; checks everything (balances, sums, encodability) in a first pass so that it refuses before writing.
import { GatewayError } from '../../../gateway/core/errors.ts';
import { formatDecimal } from '../../../gateway/core/model/money.ts';
import type { Money } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { Statement, StatementOperation } from '../../../gateway/core/model/statement.ts';
import { KEYWORDS } from '../keys.ts';
import { parseDateAny } from '../values.ts';
import { ChunkEncoder, findUnencodable, type WriteCharset } from './encode.ts';

export type { WriteCharset } from './encode.ts';

/** Operations as an array, or a function giving a fresh iterable each call (the writer reads them twice). */
export type OperationSource = readonly StatementOperation[] | (() => Iterable<StatementOperation> | AsyncIterable<StatementOperation>);

/** A Statement whose operations may be produced lazily (1,000,000 operations need not be held in memory). */
export interface StatementInput extends Omit<Statement, 'operations'> {
  operations: OperationSource;
}

export interface StatementWriteOptions {
  /** Default 'windows-1251' (what 1C expects: `Кодировка=Windows`). */
  encoding?: WriteCharset;
  /** Default 'crlf'. */
  eol?: 'crlf' | 'lf';
  /** UTF-8 byte order mark (UTF-8 only; default false). */
  bom?: boolean;
  /** `ВерсияФормата`, default '2.00'. */
  version?: string;
  /** `Отправитель` (the bank), default 'bankgate'. */
  sender?: string;
  /** `Получатель`, default '1C Предприятие, Бухгалтерия для Казахстана'. */
  receiver?: string;
  /** `ДатаСоздания` / `ВремяСоздания`; default now. */
  created?: Date;
  /** IANA zone the creation date and time are written in (1C users read Kazakhstan time); default the process's zone. */
  timeZone?: string;
  /** `Кодировка` value; default 'Windows' (cp1251), 'UTF8', 'RK1048'. */
  encodingLabel?: string;
  /** Output chunk size, default 64 KiB. */
  chunkBytes?: number;
}

const LABEL: Record<WriteCharset, string> = { 'windows-1251': 'Windows', 'utf-8': 'UTF8', rk1048: 'RK1048' };
const STATEMENT_SECTION = 'Выписка';

function bad(message: string, details: Record<string, unknown> = {}): never {
  throw new GatewayError('FMT_BAD_VALUE', `statement cannot be written: ${message}`, details);
}

/** 'YYYY-MM-DD' → 'dd.mm.yyyy'. */
const date1c = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const isIsoDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && parseDateAny(s) !== null;
/** One value per line: line breaks become spaces, ends are trimmed (the reader trims them too). */
const clean = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Calendar fields of an instant in a zone (the process's own when none is given). */
function wallClock(d: Date, timeZone: string | undefined) {
  if (!timeZone) return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() };
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

interface Ctx {
  charset: WriteCharset;
  eol: string;
  currency: string;
}

function line(out: string[], key: string, value: string | undefined): void {
  if (value !== undefined) out.push(`${key}=${clean(value)}`);
}

function partyLines(out: string[], prefix: 'Плательщик' | 'Получатель', p: Omit<Party, 'iban'>, iban: string | undefined): void {
  line(out, `${prefix}Наименование`, p.name ?? '');
  if (p.binIin) line(out, `${prefix}БИН_ИИН`, p.binIin);
  if (p.code) line(out, `${prefix}КБЕ`, p.code);
  if (iban) line(out, `${prefix}ИИК`, iban);
  if (p.bankName) line(out, `${prefix}БанкНаименование`, p.bankName);
  if (p.bic) line(out, `${prefix}БанкБИК`, p.bic);
}

function renderOperation(op: StatementOperation, st: StatementInput, ctx: Ctx): string {
  const out: string[] = [`${KEYWORDS.documentStart}=${STATEMENT_SECTION}`];
  if (op.documentKind) line(out, 'ВидДокумента', op.documentKind);
  line(out, 'НомерДокумента', op.number);
  line(out, 'ДатаДокумента', date1c(op.documentDate ?? op.date));
  line(out, 'ДатаОперации', date1c(op.date));
  line(out, op.direction === 'credit' ? 'СуммаПриход' : 'СуммаРасход', formatDecimal(op.amount.minor, ctx.currency));
  line(out, 'Валюта', ctx.currency);
  const owner = st.owner ?? { name: '' };
  const cp = op.counterparty;
  if (op.direction === 'credit') {
    partyLines(out, 'Плательщик', cp, cp.iban);
    partyLines(out, 'Получатель', owner, st.account);
  } else {
    partyLines(out, 'Плательщик', owner, st.account);
    partyLines(out, 'Получатель', cp, cp.iban);
  }
  line(out, 'НазначениеПлатежа', op.purpose);
  if (op.knp) line(out, 'КодНазначенияПлатежа', op.knp);
  if (op.valueDate) line(out, 'ДатаВалютирования', date1c(op.valueDate));
  out.push(KEYWORDS.documentEnd, '');
  return out.join(ctx.eol);
}

function renderHeader(st: StatementInput, o: StatementWriteOptions, ctx: Ctx): string {
  const created = o.created ?? new Date();
  const out: string[] = [KEYWORDS.marker];
  line(out, 'ВерсияФормата', o.version ?? '2.00');
  line(out, 'Кодировка', o.encodingLabel ?? LABEL[ctx.charset]);
  line(out, 'Отправитель', o.sender ?? 'bankgate');
  line(out, 'Получатель', o.receiver ?? '1C Предприятие, Бухгалтерия для Казахстана');
  const c = wallClock(created, o.timeZone);
  line(out, 'ДатаСоздания', `${pad2(c.day)}.${pad2(c.month)}.${c.year}`);
  line(out, 'ВремяСоздания', `${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}`);
  line(out, 'ДатаНачала', date1c(st.from));
  line(out, 'ДатаКонца', date1c(st.to));
  line(out, 'РасчСчет', st.account);
  out.push(KEYWORDS.accountStart);
  line(out, 'ДатаНачала', date1c(st.from));
  line(out, 'ДатаКонца', date1c(st.to));
  line(out, 'РасчСчет', st.account);
  line(out, 'НачальныйОстаток', formatDecimal(st.openingBalance.minor, ctx.currency));
  line(out, 'ВсегоПоступило', formatDecimal(st.totalCredits.minor, ctx.currency));
  line(out, 'ВсегоСписано', formatDecimal(st.totalDebits.minor, ctx.currency));
  line(out, 'КонечныйОстаток', formatDecimal(st.closingBalance.minor, ctx.currency));
  // Not in the 1C standard: carries a foreign account's currency even when no operation does (KZT is the default).
  if (ctx.currency !== 'KZT') line(out, 'Валюта', ctx.currency);
  out.push(KEYWORDS.accountEnd, '');
  return out.join(ctx.eol);
}

function operationsOf(src: OperationSource): Iterable<StatementOperation> | AsyncIterable<StatementOperation> {
  if (typeof src === 'function') {
    const it = src();
    if (it === null || typeof it !== 'object' || (!(Symbol.iterator in it) && !(Symbol.asyncIterator in it))) bad('operations() must return an iterable of operations');
    return it;
  }
  if (!Array.isArray(src)) bad('operations must be an array or a function returning a fresh iterable (the writer reads them twice: check, then write)');
  return src;
}

function checkText(text: string, ctx: Ctx, where: string): void {
  const u = findUnencodable(text, ctx.charset);
  if (!u) return;
  const lineStart = text.lastIndexOf('\n', u.at) + 1;
  const key = text.slice(lineStart, text.indexOf('=', lineStart));
  throw new GatewayError('FMT_UNENCODABLE', `statement cannot be written in ${ctx.charset}: '${u.char}' (${u.code}) in ${where}${key ? `, ${key}` : ''} has no byte in this encoding; choose 'utf-8' or 'rk1048'`, {
    char: u.char,
    code: u.code,
    field: key || undefined,
    where,
  });
}

function checkMoney(m: Money | undefined, what: string, currency: string, nonNegative: boolean): bigint {
  if (!m || typeof m.minor !== 'bigint') bad(`${what} must be Money with bigint minor units`, { field: what });
  if (m.currency !== currency) bad(`${what} is in ${m.currency}, the statement in ${currency}`, { field: what });
  if (nonNegative && m.minor < 0n) bad(`${what} must not be negative (${formatDecimal(m.minor, currency)})`, { field: what });
  return m.minor;
}

function checkHeader(st: StatementInput, ctx: Ctx): void {
  if (typeof st.account !== 'string' || clean(st.account) === '') bad('the account is empty', { field: 'account' });
  if (!/^[A-Z]{3}$/.test(st.currency ?? '')) bad(`currency '${st.currency}' is not an ISO 4217 letter code`, { field: 'currency' });
  if (!isIsoDate(st.from) || !isIsoDate(st.to)) bad(`the period ${st.from} – ${st.to} is not two dates 'YYYY-MM-DD'`, { field: 'from/to' });
  if (st.from > st.to) bad(`the period starts (${st.from}) after it ends (${st.to})`, { field: 'from/to' });
  const opening = checkMoney(st.openingBalance, 'openingBalance', ctx.currency, false);
  const credits = checkMoney(st.totalCredits, 'totalCredits', ctx.currency, true);
  const debits = checkMoney(st.totalDebits, 'totalDebits', ctx.currency, true);
  const closing = checkMoney(st.closingBalance, 'closingBalance', ctx.currency, false);
  if (opening + credits - debits !== closing) {
    const f = (v: bigint) => formatDecimal(v, ctx.currency);
    throw new GatewayError(
      'FMT_TOTALS_MISMATCH',
      `statement balances do not reconcile: opening ${f(opening)} + credits ${f(credits)} − debits ${f(debits)} = ${f(opening + credits - debits)}, but the closing balance is ${f(closing)}`,
      { field: 'closingBalance', expected: f(opening + credits - debits) },
    );
  }
}

function checkOperation(op: StatementOperation, i: number, ctx: Ctx): void {
  const where = `operation ${i + 1}${op?.number ? ` (№ ${op.number})` : ''}`;
  if (op === null || typeof op !== 'object') bad(`${where} is not an object`, { operation: i });
  if (op.direction !== 'credit' && op.direction !== 'debit') bad(`${where}: direction must be 'credit' or 'debit'`, { operation: i, field: 'direction' });
  const m = checkMoney(op.amount, `${where} amount`, ctx.currency, true);
  if (m <= 0n) bad(`${where}: the amount must be greater than zero`, { operation: i, field: 'amount' });
  for (const [k, v] of [['date', op.date], ['documentDate', op.documentDate], ['valueDate', op.valueDate]] as const) {
    if (v !== undefined && !isIsoDate(v)) bad(`${where}: ${k} '${v}' is not a date 'YYYY-MM-DD'`, { operation: i, field: k });
  }
  if (op.date === undefined) bad(`${where}: the date is missing`, { operation: i, field: 'date' });
  if (typeof op.number !== 'string' || typeof op.purpose !== 'string' || typeof op.documentKind !== 'string') bad(`${where}: number, purpose and documentKind must be strings`, { operation: i });
  if (!op.counterparty || typeof op.counterparty.name !== 'string') bad(`${where}: the counterparty needs a name (may be '')`, { operation: i, field: 'counterparty' });
}

/**
 * Checks a statement the way the writer does before writing: balances reconcile (opening + credits − debits =
 * closing), operations add up to the totals, every value is well-formed and encodable in the chosen charset.
 * Throws GatewayError: FMT_TOTALS_MISMATCH, FMT_UNENCODABLE or FMT_BAD_VALUE, with a message naming the operation.
 */
export async function checkStatement(st: StatementInput, options: StatementWriteOptions = {}): Promise<{ operations: number }> {
  const ctx = context(st, options);
  checkHeader(st, ctx);
  checkText(renderHeader(st, options, ctx), ctx, 'the header');
  if (st.owner) checkText(renderOperation({ date: st.from, number: '', direction: 'debit', amount: { minor: 1n, currency: ctx.currency }, counterparty: { name: '' }, purpose: '', documentKind: '' }, st, ctx), ctx, 'the account holder');
  let credits = 0n;
  let debits = 0n;
  let i = 0;
  for await (const op of operationsOf(st.operations)) {
    checkOperation(op, i, ctx);
    checkText(renderOperation(op, st, ctx), ctx, `operation ${i + 1}${op.number ? ` (№ ${op.number})` : ''}`);
    if (op.direction === 'credit') credits += op.amount.minor;
    else debits += op.amount.minor;
    i++;
  }
  const f = (v: bigint) => formatDecimal(v, ctx.currency);
  if (credits !== st.totalCredits.minor)
    throw new GatewayError('FMT_TOTALS_MISMATCH', `statement credits do not add up: ${i} operation(s) bring in ${f(credits)}, but totalCredits (ВсегоПоступило) is ${f(st.totalCredits.minor)}`, { field: 'totalCredits', expected: f(credits) });
  if (debits !== st.totalDebits.minor)
    throw new GatewayError('FMT_TOTALS_MISMATCH', `statement debits do not add up: ${i} operation(s) take out ${f(debits)}, but totalDebits (ВсегоСписано) is ${f(st.totalDebits.minor)}`, { field: 'totalDebits', expected: f(debits) });
  return { operations: i };
}

function context(st: StatementInput, o: StatementWriteOptions): Ctx {
  const charset = o.encoding ?? 'windows-1251';
  if (charset !== 'windows-1251' && charset !== 'utf-8' && charset !== 'rk1048') bad(`encoding '${String(charset)}' is not one of windows-1251, utf-8, rk1048`);
  if (o.bom && charset !== 'utf-8') bad('a byte order mark is only for UTF-8');
  const eol = (o.eol ?? 'crlf') === 'crlf' ? '\r\n' : '\n';
  return { charset, eol, currency: st.currency };
}

/**
 * Writes a statement as `kl_to_1c.txt` bytes (cp1251 + CRLF by default). Nothing is produced until the whole
 * statement has been checked (see `checkStatement`); the first `next()` rejects with the GatewayError instead.
 * Memory stays bounded by one output chunk and one operation, whatever the number of operations.
 */
export async function* writeStatement1c(statement: StatementInput, options: StatementWriteOptions = {}): AsyncGenerator<Uint8Array> {
  // `created` is fixed once, so that the checked header is the written one.
  const o: StatementWriteOptions = { ...options, created: options.created ?? new Date() };
  await checkStatement(statement, o);
  const ctx = context(statement, o);
  const enc = new ChunkEncoder(ctx.charset, o.chunkBytes ?? 64 * 1024);
  if (o.bom) enc.writeBytes(new Uint8Array([0xef, 0xbb, 0xbf]));
  enc.write(renderHeader(statement, o, ctx));
  yield* enc.take();
  for await (const op of operationsOf(statement.operations)) {
    enc.write(renderOperation(op, statement, ctx));
    const full = enc.take();
    if (full.length > 0) yield* full;
  }
  enc.write(KEYWORDS.fileEnd + ctx.eol);
  yield* enc.flush();
}
