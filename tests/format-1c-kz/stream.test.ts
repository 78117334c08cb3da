// Streaming: a generated 100,000-document cp1251 file is parsed chunk by chunk with bounded memory (RSS growth reported).
import { describe, expect, it } from 'vitest';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import type { InboundFile } from '../../gateway/core/plugin.ts';
import type { PaymentDocument } from '../../gateway/core/model/document.ts';
import { encode, HEADER, kzDocument, testContext } from './helpers.ts';

const DOCS = 100_000;
const CHUNK = 64 * 1024;

/** The KZ ERP's longest purpose (210 characters), written whole and again as the two split lines. */
const PURPOSE = 'Оплата за товар по счету на оплату № 2041 от 18.11.2026 согласно договору поставки № 15/2026 от 02.02.2026, в том числе НДС 12 % — 126 428,57 тенге; доставка до склада покупателя в г. Алматы, ул. Ж'.padEnd(210, '.');

/** A file that exists only as a generator: documents are encoded one at a time and handed out in 64 KiB chunks. */
async function generatedFile(): Promise<InboundFile & { bytesOut: () => number }> {
  const header = encode(HEADER.join('\r\n') + '\r\n', 'windows-1251');
  const doc = kzDocument({ НомерДокумента: '@', НазначениеПлатежа: PURPOSE, НазначениеПлатежа1: PURPOSE.slice(0, 105), НазначениеПлатежа2: PURPOSE.slice(105) });
  const [before, after] = doc
    .join('\r\n')
    .split('@')
    .map((s) => encode(s, 'windows-1251')) as [Uint8Array, Uint8Array];
  const tail = encode('\r\nКонецФайла\r\n', 'windows-1251');
  const crlf = encode('\r\n', 'windows-1251');
  const digits = new TextEncoder();
  let total = 0;
  async function* open(): AsyncGenerator<Uint8Array> {
    let buf = new Uint8Array(CHUNK);
    let used = 0;
    total = 0;
    const put = function* (b: Uint8Array): Generator<Uint8Array> {
      let o = 0;
      while (o < b.length) {
        const n = Math.min(b.length - o, CHUNK - used);
        buf.set(b.subarray(o, o + n), used);
        used += n;
        o += n;
        if (used === CHUNK) {
          total += used;
          yield buf;
          buf = new Uint8Array(CHUNK);
          used = 0;
        }
      }
    };
    yield* put(header);
    for (let i = 1; i <= DOCS; i++) {
      if (i > 1) yield* put(crlf);
      yield* put(before);
      yield* put(digits.encode(String(i)));
      yield* put(after);
    }
    yield* put(tail);
    total += used;
    if (used) yield buf.subarray(0, used);
  }
  // The head is the first 64 KiB, as the host hands it over.
  const head = (await open().next()).value as Uint8Array;
  return { name: '1c_to_kl.txt', mailbox: 'perf', size: 0, sha256: '', head, open, bytesOut: () => total };
}

describe('streaming', () => {
  it(`parses ${DOCS.toLocaleString('en')} documents with bounded memory`, { timeout: 300_000 }, async () => {
    const file = await generatedFile();

    globalThis.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    let docs = 0;
    let issues = 0;
    let last: PaymentDocument | undefined;
    const started = Date.now();
    for await (const it of format1cKz.parse(file, '1c.kz', testContext())) {
      if (it.type === 'document') {
        docs++;
        last = it.document as PaymentDocument;
        if (docs % 2000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      } else if (it.type === 'issue') issues++;
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - base) / 1024 / 1024;
    const fileMb = file.bytesOut() / 1024 / 1024;
    console.log(`[format-1c-kz stream] ${docs} documents, ${fileMb.toFixed(1)} MB cp1251, RSS growth ${growthMb.toFixed(1)} MB (base ${(base / 1048576).toFixed(0)} MB), ${((Date.now() - started) / 1000).toFixed(1)} s`);

    expect(issues).toBe(0);
    expect(docs).toBe(DOCS);
    expect(last).toMatchObject({ number: String(DOCS), amount: { minor: 118000000n, currency: 'KZT' }, purpose: PURPOSE });
    expect(fileMb).toBeGreaterThan(100);
    expect(growthMb).toBeLessThan(150);
    // Holding the file whole would cost at least its size in bytes (and twice that as a JS string).
    expect(growthMb).toBeLessThan(fileMb * 0.75);
  });
});
