// Every MT940/MT942 file of ../shared/corpus/mt940 (read in place, never copied): read without throwing; per-folder
// counts printed; every file not listed below as broken reads without an error-level issue.
import { describe, expect, it } from 'vitest';
import { formatMt940, parseMt940 } from '../../plugins/format-mt940/index.ts';
import { BROKEN } from './corpus-broken.ts';
import { CORPUS, corpusFiles, corpusPresent, readCorpus } from './helpers.ts';

if (!corpusPresent) console.warn(`[format-mt940 corpus] ${CORPUS} is absent: corpus tests skipped`);

describe.skipIf(!corpusPresent)('corpus mt940/', () => {
  const all = corpusFiles();

  it('has the files the manifest lists', () => {
    expect(all.length).toBe(139);
    for (const name of Object.keys(BROKEN)) expect(all, `listed as broken but absent: ${name}`).toContain(name);
  });

  it('every file is read without throwing; counts per folder and the clean share are printed', () => {
    const folders = new Map<string, { files: number; statements: number; entries: number; clean: number }>();
    let clean = 0;
    let wellFormed = 0;
    for (const rel of all) {
      const r = parseMt940(readCorpus(rel));
      const ok = !r.issues.some((i) => i.severity === 'error');
      const f = folders.get(rel.split('/')[0]!) ?? { files: 0, statements: 0, entries: 0, clean: 0 };
      f.files++;
      f.statements += r.statements.length;
      f.entries += r.statements.reduce((n, s) => n + s.statement.operations.length, 0);
      if (ok) f.clean++;
      folders.set(rel.split('/')[0]!, f);
      if (ok) clean++;
      if (!(rel in BROKEN)) {
        wellFormed++;
        if (ok) continue;
      }
    }
    const rows = [...folders].map(([k, v]) => `  ${k.padEnd(12)} files ${String(v.files).padStart(3)}  statements ${String(v.statements).padStart(4)}  entries ${String(v.entries).padStart(4)}  no error ${v.clean}`);
    console.log(`[format-mt940 corpus] ${all.length} files, ${clean} (${((100 * clean) / all.length).toFixed(1)} %) read without an error; well-formed ${wellFormed}, listed broken ${Object.keys(BROKEN).length}\n${rows.join('\n')}`);
    expect(clean).toBe(wellFormed);
  });

  it.each(all)('%s', (rel) => {
    const bytes = readCorpus(rel);
    const r = parseMt940(bytes);
    const errors = r.issues.filter((i) => i.severity === 'error');
    for (const i of r.issues) expect(i.line, `${i.code} ${i.message}`).toBeGreaterThan(0);
    const broken = BROKEN[rel];
    if (broken) expect(errors.map((i) => i.code), broken.why).toContain(broken.code);
    else {
      expect(errors, errors.map((i) => `${i.line} ${i.field} ${i.message}`).join('\n')).toEqual([]);
      expect(r.statements.length).toBeGreaterThan(0);
      expect(formatMt940.detect({ name: rel, head: bytes.subarray(0, 65536), size: bytes.length }), 'detected').not.toBeNull();
    }
  });
});
