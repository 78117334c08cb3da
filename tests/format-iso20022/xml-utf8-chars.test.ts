// Characters XML refuses, found on UTF-8 bytes (utf8-chars.ts) exactly where the text check finds them: any chunking,
// any alignment, U+FFFE/U+FFFF split between chunks; and through readXml, the error still says line and column.
import { describe, expect, it } from 'vitest';
import { Utf8CharCheck } from '../../plugins/format-iso20022/xml/utf8-chars.ts';
import { readXml, XmlStreamError } from '../../plugins/format-iso20022/xml/stream.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

// eslint-disable-next-line no-control-regex
const NOT_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const PIECES = ['a', ' ', '\t', '\n', '\r', 'Қ', 'é', '€', '😀', '\uFFFD', '\uFFFE', '\uFFFF', '\u0001', '\u001F', '\u007F', '\u0085', '<x>'];

describe('Utf8CharCheck', () => {
  it('agrees with the text check on 5,000 random texts cut into random chunks at random offsets', () => {
    const rnd = seededRandom(27);
    let refused = 0;
    for (let n = 0; n < 5000; n++) {
      const bad = rnd() < 0.5;
      let text = '';
      for (let k = Math.floor(rnd() * 60); k > 0; k--) {
        const p = PIECES[Math.floor(rnd() * PIECES.length)]!;
        text += !bad && NOT_CHAR.test(p) ? 'z' : p;
      }
      // Bytes placed at a random offset in a larger buffer: word reads must not depend on alignment.
      const raw = Buffer.from(text, 'utf8');
      const pad = Math.floor(rnd() * 4);
      const bytes = new Uint8Array(raw.length + pad);
      bytes.set(raw, pad);
      const all = bytes.subarray(pad);
      const check = new Utf8CharCheck();
      let ok = true;
      for (let i = 0; i < all.length; ) {
        const len = 1 + Math.floor(rnd() * 9);
        ok = check.ok(all.subarray(i, i + len)) && ok;
        i += len;
      }
      if (NOT_CHAR.test(text)) refused++;
      expect(ok, JSON.stringify(text)).toBe(!NOT_CHAR.test(text));
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('readXml still reports where the character is', async () => {
    async function* chunks(b: Uint8Array) {
      for (let i = 0; i < b.length; i += 4) yield b.subarray(i, i + 4);
    }
    const xml = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>x\uFFFEy</b>\n</a>');
    let error: unknown;
    try {
      for await (const _ of readXml(chunks(xml), { records: () => false }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmlStreamError);
    expect(error).toMatchObject({ reason: 'syntax', line: 3, column: 7 });
  });
});
