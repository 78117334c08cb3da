// The MT101/MT103 files of ../shared/corpus/mt10x (read in place, never copied) are not Kazakh MT100/MT102: each is
// read without a throw, yields no document and says so (FMT_MT_NOT_KZ); detect does not claim them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, formatMt102Kz } from '../../plugins/format-mt102-kz/index.ts';
import { inbound, collect } from '../conformance/format.conformance.ts';
import { split } from './samples.ts';
import { corpusDir } from '../fixtures/corpus.ts';

const CORPUS = process.env.SHARED_CORPUS_MT10X ?? corpusDir('mt10x');
const present = existsSync(CORPUS);
if (!present) console.warn(`[format-mt102-kz corpus] ${CORPUS} is absent: corpus tests skipped`);

describe.skipIf(!present)('corpus mt10x (MT101/MT103 only)', () => {
  const files = present ? readdirSync(CORPUS).filter((f) => !f.endsWith('.md')).sort() : [];

  it('has the MT101/MT103 samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const f of files) {
    it(`${f}: not claimed, read without a throw, "not a Kazakh MT100/MT102"`, async () => {
      const bytes = new Uint8Array(readFileSync(join(CORPUS, f)));
      expect(detect({ name: f, head: bytes.subarray(0, 65536), size: bytes.length })).toBeNull();
      for (const format of ['swift.kz.mt100', 'swift.kz.mt102']) {
        const r = split(await collect(formatMt102Kz, inbound(f, bytes, 97), format));
        expect(r.docs).toEqual([]);
        const notKz = r.errors.filter((i) => i.code === 'FMT_MT_NOT_KZ');
        expect(notKz.length).toBeGreaterThan(0);
        expect(notKz[0]!.message).toMatch(/not a Kazakh MT100\/MT102/);
        expect(r.issues.every((i) => i.code !== 'FMT_PLUGIN_FAILED')).toBe(true);
      }
    });
  }
});
