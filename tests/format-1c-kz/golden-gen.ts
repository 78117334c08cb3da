// Writes samples/1c-kz/<case>/input.* from golden-cases.ts as bytes in each case's encoding (the plugin's own
// encoders; a character the charset lacks throws). Run: npx tsx tests/format-1c-kz/golden-gen.ts
// Then regenerate expected.json: GOLDEN_UPDATE=1 npx vitest run tests/format-1c-kz/golden.test.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeSingleByte } from '../../plugins/format-1c-kz/charsets.ts';
import { GOLDEN_CASES, type GoldenFile } from './golden-cases.ts';

export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../samples/1c-kz');

export function goldenBytes(f: GoldenFile): Uint8Array {
  const text = f.lines.join(f.eol) + f.eol;
  const body = f.charset === 'utf-8' ? new TextEncoder().encode(text) : encodeSingleByte(text, f.charset);
  return f.bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
}

export function writeGoldenInputs(): string[] {
  const written: string[] = [];
  for (const c of GOLDEN_CASES) {
    const dir = join(SAMPLES_DIR, c.name);
    mkdirSync(dir, { recursive: true });
    for (const f of c.files) {
      writeFileSync(join(dir, f.name), goldenBytes(f));
      written.push(`${c.name}/${f.name}`);
    }
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const w of writeGoldenInputs()) console.log(`wrote samples/1c-kz/${w}`);
}
