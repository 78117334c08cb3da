// Statements: reader (balances, operations, reconciliation), writer (kl_to_1c.txt shape, encodings, refusals),
// statement → writer → reader round trip as a property, and 1,000,000 operations streamed with bounded memory.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { Money } from '../../gateway/core/model/money.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import type { Statement, StatementOperation } from '../../gateway/core/model/statement.ts';
import { checkStatement, parseStatement1c, writeStatement1c, type StatementInput, type StatementWriteOptions, type WriteCharset } from '../../plugins/format-1c-kz/index.ts';
import { decodeSingleByte } from '../../plugins/format-1c-kz/charsets.ts';
import { encode } from './helpers.ts';
import { SAMPLE_8_3, crlf } from './kz-samples.ts';

const S83 = crlf(SAMPLE_8_3);
const kzt = (minor: bigint): Money => ({ minor, currency: 'KZT' });
const CREATED = new Date(2026, 10, 25, 9, 0, 5);
const AS_8_3: StatementWriteOptions = { created: CREATED, sender: 'АО "Народный Банк Казахстана"', receiver: '1C Предприятие, Бухгалтерия для Казахстана' };

async function bytesOf(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return new Uint8Array(Buffer.concat(parts));
}

async function* chunked(b: Uint8Array, n: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += n) yield b.slice(i, i + n);
}

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    return e as GatewayError;
  }
  throw new Error('expected a rejection');
}

describe('parseStatement1c', () => {
  it('reads the kz-formats.md 8.3 statement: balances, 2 credits and 2 debits, the account holder', async () => {
    const r = await parseStatement1c(encode(S83, 'windows-1251'));
    expect(r.issues).toEqual([]);
    expect(r.charset).toBe('windows-1251');
    const s = r.statement!;
    expect(s).toMatchObject({
      account: 'KZ90601A861000012345',
      currency: 'KZT',
      from: '2026-11-01',
      to: '2026-11-24',
      openingBalance: kzt(500000000n),
      totalCredits: kzt(173000000n),
      totalDebits: kzt(238692500n),
      closingBalance: kzt(434307500n),
      owner: { name: 'ТОО "Пример Логистик"', binIin: '150140001239', bic: 'HSBKKZKX', bankName: 'АО "Народный Банк Казахстана"', code: '17' },
    });
    expect(s.operations.map((o) => [o.direction, o.number, o.amount.minor, o.counterparty.binIin, o.knp])).toEqual([
      ['credit', '5521', 125000000n, '190840009811', '710'],
      ['credit', '88', 48000000n, '010421500340', '710'],
      ['debit', '112', 235000000n, '180540007773', '710'],
      ['debit', '115', 3692500n, '160440007161', '012'],
    ]);
    expect(s.operations[3]).toEqual({
      date: '2026-11-20',
      number: '115',
      direction: 'debit',
      amount: kzt(3692500n),
      counterparty: { name: 'НАО "Государственная корпорация "Правительство для граждан"', binIin: '160440007161', iban: 'KZ67009SS00368609110', bic: 'GCVPKZ2A', bankName: 'НАО "Государственная корпорация "Правительство для граждан"', code: '11' },
      knp: '012',
      purpose: 'Социальные отчисления за октябрь 2026 г.',
      documentKind: 'ПлатежноеПоручение',
      valueDate: '2026-11-20',
    } satisfies StatementOperation);
  });

  it('a chunk stream gives the same statement as the bytes', async () => {
    const b = encode(S83, 'windows-1251');
    const whole = await parseStatement1c(b);
    for (const n of [1, 7, 4096]) expect(await parseStatement1c(chunked(b, n))).toEqual(whole);
  });

  it('balances that do not reconcile: error at КонечныйОстаток; operations that do not add up: error at the total', async () => {
    const r1 = await parseStatement1c(encode(S83.replace('КонечныйОстаток=4343075.00', 'КонечныйОстаток=4343075.01'), 'windows-1251'));
    expect(r1.issues).toEqual([expect.objectContaining({ code: 'FMT_TOTALS_MISMATCH', line: 18, field: 'КонечныйОстаток', expected: '4343075.00' })]);
    const r2 = await parseStatement1c(encode(S83.replace('СуммаПриход=480000.00', 'СуммаПриход=480000.10'), 'windows-1251'));
    expect(r2.issues).toEqual([expect.objectContaining({ code: 'FMT_TOTALS_MISMATCH', line: 16, field: 'ВсегоПоступило', expected: '1730000.10' })]);
    expect(r2.statement).not.toBeNull();
  });

  it('a missing total is taken from the operations, a missing balance from the other three (warnings)', async () => {
    const r = await parseStatement1c(encode(S83.replace('ВсегоСписано=2386925.00\r\n', '').replace('НачальныйОстаток=5000000.00\r\n', ''), 'windows-1251'));
    expect(r.issues.map((i) => [i.code, i.severity, i.field])).toEqual([
      ['FMT_REQUIRED_KEY', 'warning', 'ВсегоСписано'],
      ['FMT_REQUIRED_KEY', 'warning', 'НачальныйОстаток'],
    ]);
    expect(r.statement).toMatchObject({ openingBalance: kzt(500000000n), totalDebits: kzt(238692500n) });
    const none = await parseStatement1c(encode(S83.replace('НачальныйОстаток=5000000.00\r\n', '').replace('КонечныйОстаток=4343075.00\r\n', ''), 'windows-1251'));
    expect(none.statement).toBeNull();
    expect(none.issues.map((i) => i.field)).toEqual(['НачальныйОстаток', 'КонечныйОстаток']);
  });

  it('a broken operation is dropped with its error; the totals are then not compared', async () => {
    const r = await parseStatement1c(encode(S83.replace('СуммаРасход=36925.00', 'СуммаРасход=36925.00\r\nСуммаПриход=1.00'), 'windows-1251'));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'FMT_BAD_VALUE', field: 'СуммаРасход' })]);
    expect(r.statement!.operations).toHaveLength(3);
  });

  it('Russian style: Сумма with the direction from the account or from ДатаСписано / ДатаПоступило', async () => {
    const text = crlf([
      '1CClientBankExchange',
      'РасчСчет=40702810200000000001',
      'СекцияРасчСчет',
      'ДатаНачала=11.01.2016',
      'ДатаКонца=11.01.2016',
      'НачальныйОстаток=100.00',
      'ВсегоПоступило=40.00',
      'ВсегоСписано=30.00',
      'КонечныйОстаток=110.00',
      'КонецРасчСчет',
      'СекцияДокумент=Платежное поручение',
      'Номер=1',
      'Дата=11.01.2016',
      'Сумма=10',
      'ПлательщикСчет=40702810200000000001',
      'ПолучательСчет=40702810000000000009',
      'КонецДокумента',
      'СекцияДокумент=Банковский ордер',
      'Номер=2',
      'Дата=11.01.2016',
      'Сумма=20',
      'ДатаСписано=11.01.2016',
      'КонецДокумента',
      'СекцияДокумент=Платежное поручение',
      'Номер=3',
      'Дата=11.01.2016',
      'Сумма=40',
      'ДатаПоступило=11.01.2016',
      'ПлательщикСчет=40702810000000000009',
      'ПолучательСчет=40702810200000000001',
      'КонецДокумента',
      'КонецФайла',
    ]);
    const r = await parseStatement1c(encode(text, 'windows-1251'));
    expect(r.issues).toEqual([]);
    expect(r.statement!.operations.map((o) => [o.number, o.direction, o.documentKind])).toEqual([
      ['1', 'debit', 'Платежное поручение'],
      ['2', 'debit', 'Банковский ордер'],
      ['3', 'credit', 'Платежное поручение'],
    ]);
  });

  it('a payment file is not a statement; a second account section is skipped', async () => {
    const pay = await parseStatement1c(encode('1CClientBankExchange\r\nКонецФайла\r\n', 'utf-8'));
    expect(pay.statement).toBeNull();
    expect(pay.issues.map((i) => i.code)).toEqual(['FMT_REQUIRED_KEY', 'FMT_REQUIRED_KEY']);
    const two = S83.replace('КонецРасчСчет\r\n', 'КонецРасчСчет\r\nСекцияРасчСчет\r\nРасчСчет=KZ000000000000000009\r\nКонецРасчСчет\r\n');
    const r = await parseStatement1c(encode(two, 'windows-1251'));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'FMT_NOT_SUPPORTED', line: 20, severity: 'warning' })]);
    expect(r.statement!.operations).toHaveLength(4);
  });

  it('random bytes and mangled statements never throw', async () => {
    const base = encode(S83, 'windows-1251');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.tuple(fc.nat(base.length), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, junk]) => {
            const b = Uint8Array.from(base);
            b.set(junk.subarray(0, b.length - at), at);
            return b;
          }),
        ),
        async (b) => {
          const r = await parseStatement1c(b);
          for (const i of r.issues) expect(i.line).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('writeStatement1c', () => {
  it('writes the kz-formats.md 8.3 statement byte for byte: cp1251, CRLF, Кодировка=Windows', async () => {
    const st = (await parseStatement1c(encode(S83, 'windows-1251'))).statement!;
    const out = await bytesOf(writeStatement1c(st, AS_8_3));
    expect(Buffer.from(out).equals(Buffer.from(encode(S83, 'windows-1251')))).toBe(true);
    expect(out.filter((b) => b === 0x0a).length).toBe(out.filter((b) => b === 0x0d).length); // every LF has its CR
  });

  it('UTF-8 (with or without BOM) and RK1048 keep Kazakh letters; LF on request; chunks are bounded', async () => {
    const st = (await parseStatement1c(encode(S83, 'windows-1251'))).statement!;
    const kz: Statement = { ...st, owner: { ...st.owner!, name: 'ЖШС "Қазақ Әлемі"' }, operations: st.operations.map((o) => ({ ...o, purpose: `${o.purpose} — Төлем үшін, ҚҚС-пен` })) };
    for (const [encoding, bom] of [['utf-8', false], ['utf-8', true], ['rk1048', false]] as const) {
      const chunks: Uint8Array[] = [];
      for await (const c of writeStatement1c(kz, { encoding, bom, eol: 'lf', chunkBytes: 256 })) chunks.push(c);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(256);
      const b = new Uint8Array(Buffer.concat(chunks));
      expect(b.includes(0x0d)).toBe(false);
      expect(b[0] === 0xef).toBe(bom);
      const text = encoding === 'utf-8' ? new TextDecoder().decode(b) : decodeSingleByte(b, 'rk1048');
      expect(text).toContain('ПолучательНаименование=ЖШС "Қазақ Әлемі"');
      expect(text).toContain(encoding === 'utf-8' ? 'Кодировка=UTF8' : 'Кодировка=RK1048');
      expect(text).not.toContain('?');
      const back = await parseStatement1c(b);
      expect(back.issues).toEqual([]);
      expect(back.statement).toEqual(kz);
    }
  });

  it('writes the creation date and time in the business time zone when one is given (1C users read Kazakhstan time)', async () => {
    const st = (await parseStatement1c(encode(S83, 'windows-1251'))).statement!;
    const created = new Date('2026-11-26T20:45:07Z'); // 01:45:07 on 27.11 in Almaty (UTC+5)
    const text = decodeSingleByte(await bytesOf(writeStatement1c(st, { created, timeZone: 'Asia/Almaty' })), 'windows-1251');
    expect(text).toContain('ДатаСоздания=27.11.2026\r\nВремяСоздания=01:45:07\r\n');
  });

  it('a character the encoding cannot hold is an error naming it, the operation and the key — before any byte', async () => {
    const st = (await parseStatement1c(encode(S83, 'windows-1251'))).statement!;
    const bad: Statement = { ...st, operations: st.operations.map((o, i) => (i === 2 ? { ...o, counterparty: { ...o.counterparty, name: 'ТОО "Қазақ"' } } : o)) };
    const gen = writeStatement1c(bad)[Symbol.asyncIterator]();
    const e = await rejection(gen.next());
    expect(e.code).toBe('FMT_UNENCODABLE');
    expect(e.message).toMatch(/'Қ' \(U\+049A\) in operation 3 \(№ 112\), ПолучательНаименование/);
    const lone = await rejection(bytesOf(writeStatement1c({ ...st, owner: { name: 'x\uD800y' } }, { encoding: 'utf-8' })));
    expect(lone.code).toBe('FMT_UNENCODABLE');
    const emoji = await rejection(bytesOf(writeStatement1c({ ...st, owner: { name: 'ТОО 😀' } }, { encoding: 'rk1048' })));
    expect(emoji.message).toMatch(/'😀' \(U\+1F600\)/);
  });

  it('refuses unreconciled balances and totals that the operations do not add up to', async () => {
    const st = (await parseStatement1c(encode(S83, 'windows-1251'))).statement!;
    const e1 = await rejection(bytesOf(writeStatement1c({ ...st, closingBalance: kzt(434307501n) })));
    expect(e1.code).toBe('FMT_TOTALS_MISMATCH');
    expect(e1.message).toMatch(/opening 5000000\.00 \+ credits 1730000\.00 − debits 2386925\.00 = 4343075\.00, but the closing balance is 4343075\.01/);
    const ops = st.operations.map((o, i) => (i === 0 ? { ...o, amount: kzt(o.amount.minor + 1n) } : o));
    const e2 = await rejection(bytesOf(writeStatement1c({ ...st, operations: ops })));
    expect(e2.code).toBe('FMT_TOTALS_MISMATCH');
    expect(e2.message).toMatch(/credits do not add up: 4 operation\(s\) bring in 1730000\.01, but totalCredits \(ВсегоПоступило\) is 1730000\.00/);
  });

  it('refuses malformed statements with FMT_BAD_VALUE', async () => {
    const st = (await parseStatement1c(encode(S83, 'windows-1251'))).statement!;
    const op0 = st.operations[0]!;
    const cases: [Partial<StatementInput>, RegExp][] = [
      [{ account: ' ' }, /account is empty/],
      [{ currency: 'kzt' }, /currency/],
      [{ from: '2026-11-31' }, /period/],
      [{ from: '2026-12-01' }, /starts .* after it ends/],
      [{ openingBalance: { minor: 500000000n, currency: 'USD' } }, /openingBalance is in USD/],
      [{ totalCredits: kzt(-1n), closingBalance: kzt(434307500n - 173000001n) }, /totalCredits must not be negative/],
      [{ operations: [{ ...op0, amount: kzt(0n) }] }, /greater than zero/],
      [{ operations: [{ ...op0, date: '03.11.2026' }] }, /date '03\.11\.2026'/],
      [{ operations: [{ ...op0, direction: 'in' as never }] }, /direction/],
      [{ operations: (function* () { yield op0; })() as never }, /array or a function/],
    ];
    for (const [over, msg] of cases) {
      const e = await rejection(checkStatement({ ...st, ...over }));
      expect(e.code, String(msg)).toBe('FMT_BAD_VALUE');
      expect(e.message).toMatch(msg);
    }
    await expect(checkStatement({ ...st, operations: () => st.operations })).resolves.toEqual({ operations: 4 });
  });
});

// ---- property: statement → writer → reader gives the same statement ----

const RU = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяІі';
const KAZ = 'ӘҒҚҢӨҰҮҺәғқңөұүһ';
const PUNCT = ' 0123456789.,-"№()/«»—=;:%ABCxyz';
const ALPHABET: Record<WriteCharset, string> = { 'windows-1251': RU + PUNCT, rk1048: RU + KAZ + PUNCT, 'utf-8': RU + KAZ + PUNCT + 'üéß€中文😀' };

const arbText = (enc: WriteCharset, max = 40) =>
  fc.array(fc.constantFrom(...Array.from(ALPHABET[enc])), { maxLength: max }).map((a) => a.join('').replace(/\s+/g, ' ').trim());
const arbToken = (chars: string, min: number, max: number) => fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(''));
const DIGITS = '0123456789';
const arbIban = arbToken('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 18, 18).map((s) => `KZ${s}`);
const DAY0 = Date.UTC(2000, 0, 1);
const arbDate = fc.integer({ min: 0, max: 11_322 }).map((d) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const nonEmpty = (a: fc.Arbitrary<string>) => a.filter((s) => s !== '');

function arbParty(enc: WriteCharset, withIban: boolean) {
  return fc
    .record({
      name: arbText(enc),
      binIin: opt(arbToken(DIGITS, 12, 12)),
      iban: withIban ? opt(arbIban) : fc.constant(undefined),
      bic: opt(arbToken('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 8, 8)),
      bankName: opt(nonEmpty(arbText(enc))),
      code: opt(arbToken(DIGITS, 2, 2)),
    })
    .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as Party);
}

function arbStatement(enc: WriteCharset): fc.Arbitrary<Statement> {
  const arbOp = (currency: string) =>
    fc
      .record({
        date: arbDate,
        documentDate: opt(arbDate),
        valueDate: opt(arbDate),
        number: fc.oneof(fc.constant(''), arbToken('0123456789-NTA', 1, 10)),
        direction: fc.constantFrom('credit' as const, 'debit' as const),
        minor: fc.bigInt({ min: 1n, max: 10n ** 14n }),
        counterparty: arbParty(enc, true),
        knp: opt(arbToken(DIGITS, 3, 3)),
        purpose: arbText(enc, 120),
        documentKind: fc.constantFrom('ПлатежноеПоручение', 'Платежное поручение', 'Мемориальный ордер', 'Банковский ордер', ''),
      })
      .map(({ minor, documentDate, valueDate, knp, ...o }): StatementOperation => {
        const op: StatementOperation = { ...o, amount: { minor, currency } };
        if (documentDate !== undefined && documentDate !== o.date) op.documentDate = documentDate;
        if (valueDate !== undefined) op.valueDate = valueDate;
        if (knp !== undefined) op.knp = knp;
        return op;
      });
  return fc.constantFrom('KZT', 'USD', 'EUR').chain((currency) =>
    fc
      .record({
        account: arbIban,
        period: fc.tuple(arbDate, arbDate).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
        opening: fc.bigInt({ min: -(10n ** 13n), max: 10n ** 15n }),
        owner: opt(arbParty(enc, false).filter((p) => p.name !== '')),
        operations: fc.array(arbOp(currency), { maxLength: 6 }),
      })
      .map(({ account, period, opening, owner, operations }) => {
        let credits = 0n;
        let debits = 0n;
        for (const op of operations) op.direction === 'credit' ? (credits += op.amount.minor) : (debits += op.amount.minor);
        const m = (minor: bigint): Money => ({ minor, currency });
        const st: Statement = { account, currency, from: period[0]!, to: period[1]!, openingBalance: m(opening), totalCredits: m(credits), totalDebits: m(debits), closingBalance: m(opening + credits - debits), operations };
        if (owner && operations.length > 0) st.owner = owner;
        return st;
      }),
  );
}

describe('round trip: statement → writer → reader', () => {
  it.each(['windows-1251', 'rk1048', 'utf-8'] as const)('%s gives the same statement back', async (encoding) => {
    await fc.assert(
      fc.asyncProperty(arbStatement(encoding), fc.constantFrom('crlf' as const, 'lf' as const), async (st, eol) => {
        const bytes = await bytesOf(writeStatement1c(st, { encoding, eol }));
        const r = await parseStatement1c(bytes);
        expect(r.issues).toEqual([]);
        expect(r.statement).toEqual(st);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  });
});

describe('streaming', () => {
  const N = 1_000_000;
  it(`writes ${N.toLocaleString('en')} operations with bounded memory`, { timeout: 300_000 }, async () => {
    const counterparty: Party = { name: 'ТОО "Альфа Снаб"', binIin: '180540007773', iban: 'KZ258562203100012345', bic: 'KCJBKZKX', code: '17' };
    const amount = (i: number) => BigInt(100 + (i % 997));
    let credits = 0n;
    let debits = 0n;
    for (let i = 0; i < N; i++) i % 3 === 0 ? (debits += amount(i)) : (credits += amount(i));
    const opening = 10n ** 12n;
    function* operations(): Generator<StatementOperation> {
      for (let i = 0; i < N; i++) {
        yield { date: '2026-11-20', number: String(i + 1), direction: i % 3 === 0 ? 'debit' : 'credit', amount: kzt(amount(i)), counterparty, knp: '710', purpose: `Оплата по счету № ${i + 1}`, documentKind: 'ПлатежноеПоручение' };
      }
    }
    const st: StatementInput = { account: 'KZ90601A861000012345', currency: 'KZT', from: '2026-11-01', to: '2026-11-30', owner: { name: 'ТОО "Пример Логистик"', binIin: '150140001239' }, openingBalance: kzt(opening), totalCredits: kzt(credits), totalDebits: kzt(debits), closingBalance: kzt(opening + credits - debits), operations };

    globalThis.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    let tail: Uint8Array = new Uint8Array();
    const started = Date.now();
    for await (const c of writeStatement1c(st, { created: CREATED })) {
      bytes += c.length;
      for (let i = 0; i < c.length; i++) if (c[i] === 0x0a) lines++;
      tail = c;
      if (++chunks % 256 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - base) / 1048576;
    console.log(`[format-1c-kz statement writer] ${N} operations, ${(bytes / 1048576).toFixed(0)} MB cp1251 in ${chunks} chunks, RSS growth ${growthMb.toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Lines of the frame (header, balances, КонецФайла) and of one operation, from two tiny statements.
    const linesOf = async (ops: StatementOperation[], debits: bigint) =>
      (await bytesOf(writeStatement1c({ ...st, openingBalance: kzt(debits), totalCredits: kzt(0n), totalDebits: kzt(debits), closingBalance: kzt(0n), operations: ops }, { created: CREATED }))).filter((b) => b === 0x0a).length;
    const frame = await linesOf([], 0n);
    const first = operations().next().value!;
    const perOp = (await linesOf([first], first.amount.minor)) - frame;
    expect([frame, perOp]).toEqual([20, 18]);
    expect(lines).toBe(frame + N * perOp);
    expect(new TextDecoder('windows-1251').decode(tail.subarray(-12))).toBe('КонецФайла\r\n');
    expect(growthMb).toBeLessThan(150);
    expect(growthMb).toBeLessThan(bytes / 1048576 / 4);
  });
});
