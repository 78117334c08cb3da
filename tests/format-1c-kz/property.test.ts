// Properties of the payment reader: random bytes (and random lines of real keywords in every state) never throw,
// every issue has a line inside the file, and the result does not depend on how the bytes are chunked.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFormat1cKz, format1cKz } from '../../plugins/format-1c-kz/index.ts';
import type { ParseItem } from '../../gateway/core/plugin.ts';
import { encode, memoryFile, testContext } from './helpers.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const custom = createFormat1cKz({ list: { start: 'Строка', end: 'КонецСтроки' }, knpKinds: { '311': { kind: 'salary' } } });

async function items(bytes: Uint8Array, chunk: number, plugin = format1cKz): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const it of plugin.parse(memoryFile(bytes, chunk), '1c.kz', testContext())) out.push(it);
  return out;
}

const lines = (b: Uint8Array) => b.reduce((n, x) => n + (x === 10 || x === 13 ? 1 : 0), 1);
const snap = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

/** Lines a 1C file is made of: keywords of every section, keys of documents and rows, values good and bad. */
const KEYWORDS = ['1CClientBankExchange', 'СекцияРасчСчет', 'КонецРасчСчет', 'СекцияДокумент=ПлатежноеПоручение', 'СекцияДокумент="Выписка"', 'СекцияДокумент', 'КонецДокумента', 'СекцияСотрудник', 'КонецСотрудник', 'Строка', 'КонецСтроки', 'КонецФайла', 'Кодировка=Windows', 'Кодировка=RK1048', 'Документ=ПлатежноеПоручение'];
const KEYS = ['НомерДокумента', 'ДатаДокумента', 'Сумма', 'СуммаПриход', 'Валюта', 'ПлательщикИИК', 'ПолучательИИК', 'ПолучательБанкБИК', 'КодНазначенияПлатежа', 'КодБК', 'ИИН', 'Фамилия', 'Имя', 'ДатаРождения', 'ПериодПлатежа', 'НачальныйОстаток', 'ВидДокумента'];
const VALUES = ['1', '25.11.2026', '31.02.2026', '105500.50', '0.001', '-1', 'KZT', 'ТГ', '010', '012', '121', '332', '911', '710', 'KZ12009NPS0413609816', 'KKMFKZ2A', 'GCVPKZ2A', '850315300128', '102026', '132026', 'Қазақ', '', '=', '"'];
const arbLine = fc.oneof(
  fc.constantFrom(...KEYWORDS),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `${k}=${v}`),
  fc.string({ maxLength: 30 }),
);
const arbFile = fc.tuple(fc.array(arbLine, { maxLength: 80 }), fc.constantFrom('\r\n', '\n', '\r'), fc.constantFrom('utf-8' as const, 'rk1048' as const)).map(([ls, eol, cs]) => {
  const text = ['1CClientBankExchange', ...ls].join(eol);
  try {
    return encode(text, cs);
  } catch {
    return new TextEncoder().encode(text);
  }
});

describe('payment reader properties', () => {
  it('random bytes never throw; issues have lines inside the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 300 }), async (b, chunk) => {
        const out = await items(b, chunk);
        expect(out.length).toBeGreaterThan(0); // at least "no marker" / "no КонецФайла"
        for (const i of out) if (i.type === 'issue') expect(i.line).toBeGreaterThanOrEqual(1), expect(i.line).toBeLessThanOrEqual(lines(b) + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('random keyword soup never throws, with default and custom options, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(arbFile, fc.integer({ min: 1, max: 64 }), async (b, chunk) => {
        for (const plugin of [format1cKz, custom]) {
          const whole = await items(b, b.length || 1, plugin);
          expect(snap(await items(b, chunk, plugin))).toBe(snap(whole));
          for (const i of whole) {
            if (i.type === 'document' && 'rows' in i.document) for (const r of i.document.rows) expect(r.line).toBeGreaterThan(i.line!);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
