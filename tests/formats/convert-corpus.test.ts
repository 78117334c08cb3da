// Conversion through the canonical model on every real file nobody here wrote (../shared/corpus) and on the samples:
// each statement that reads cleanly is written as 1C, camt.053.001.08 and MT940 and read back with the same operations,
// amounts and closing balance — or refused whole, before a byte, for a stated reason (no balances; an identifier outside
// SWIFT's character set); each clean payment file becomes a pain.001.001.09 that reads back to the same payments, or is
// refused whole naming what the target lacks. What `bankgate convert` does, without its process per file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFormatRegistry } from '../../gateway/core/registry.ts';
import { builtinFormats } from '../../gateway/formats.ts';
import { isGatewayError } from '../../gateway/core/errors.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import type { Statement } from '../../gateway/core/model/statement.ts';
import type { FormatWriter, InboundFile, PluginContext } from '../../gateway/core/plugin.ts';
import { CORPUS_ROOT } from '../fixtures/corpus.ts';

const present = existsSync(CORPUS_ROOT);
if (!present) console.warn(`[convert corpus] ${CORPUS_ROOT} is absent: corpus conversions skipped (the samples still run)`);
const SAMPLES = path.resolve(import.meta.dirname, '../../samples/1c-kz');

const registry = createFormatRegistry(builtinFormats());
const ctx: PluginContext = { logger: silentLogger, signal: new AbortController().signal, fail: (code, message) => { throw new Error(`${code}: ${message}`); } };

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)])).sort();
}

function inbound(name: string, bytes: Uint8Array): InboundFile {
  return { name, mailbox: 'test', size: bytes.length, sha256: '', head: bytes.subarray(0, 65536), open: async function* () { yield bytes; } };
}

async function bytesOf(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

/** Statements of a file and whether it read without an error-level issue; null when the file carries none. */
async function statementsOf(name: string, bytes: Uint8Array): Promise<{ statements: Statement[]; clean: boolean } | null> {
  const d = registry.detect(inbound(name, bytes));
  if (!d?.plugin.readStatements || (registry.contentOf(d.format) !== 'statements' && d.format !== '1c.kz')) return null;
  const statements: Statement[] = [];
  let clean = true;
  for await (const i of d.plugin.readStatements(inbound(name, bytes), d.format, ctx)) {
    if (i.type === 'statement') statements.push(i.statement);
    else if (i.type === 'issue' && i.severity === 'error') clean = false;
  }
  return { statements, clean };
}

async function documentsOf(name: string, bytes: Uint8Array): Promise<{ documents: CanonicalDocument[]; clean: boolean } | null> {
  const d = registry.detect(inbound(name, bytes));
  if (!d || registry.contentOf(d.format) !== 'documents' || d.plugin.attachment) return null;
  const documents: CanonicalDocument[] = [];
  let clean = true;
  for await (const i of d.plugin.parse(inbound(name, bytes), d.format, ctx)) {
    if (i.type === 'document') documents.push(i.document);
    else if (i.type === 'issue' && i.severity === 'error') clean = false;
  }
  return { documents, clean };
}

const shape = (st: Statement) => ({
  account: st.account,
  closing: st.closingBalance.minor,
  operations: st.operations.map((o) => `${o.direction} ${o.amount.minor} ${o.amount.currency}`),
});
const STATEMENT_WRITERS = ['1c.kz', 'iso20022.camt.053.001.08', 'swift.mt940'].map((f) => registry.writer(f)!);

/** Writes `st` with `w` and reads the bytes back; the refusal code when the writer refuses it whole. */
async function throughStatements(w: FormatWriter, st: Statement): Promise<{ back: Statement[] } | { refused: string }> {
  if (w.writes !== 'statements') throw new Error('not a statement writer');
  let bytes: Uint8Array;
  try {
    bytes = await bytesOf(w.write([st], { createdAt: '2026-11-25T10:00:00Z', encoding: 'utf-8', messageId: 'CORPUS-1' }));
  } catch (e) {
    if (isGatewayError(e) && e.kind === 'user') return { refused: e.code };
    throw e;
  }
  const r = await statementsOf(`out.${w.extension}`, bytes);
  if (!r?.clean) throw new Error(`${w.format}: what was written does not read back cleanly`);
  return { back: r.statements };
}

describe('conversion on real files', () => {
  it('every clean statement becomes 1C, camt.053 and MT940 and reads back the same', async () => {
    const inputs = [...(present ? ['iso20022', 'mt940'].flatMap((d) => files(path.join(CORPUS_ROOT, d))) : []), ...files(SAMPLES).filter((f) => f.endsWith('.txt'))];
    const tally = { files: 0, statements: 0, converted: 0 };
    const refused = new Map<string, number>();
    for (const file of inputs) {
      const r = await statementsOf(path.basename(file), new Uint8Array(readFileSync(file)));
      if (!r?.clean || r.statements.length === 0) continue;
      tally.files++;
      for (const st of r.statements) {
        tally.statements++;
        for (const w of STATEMENT_WRITERS) {
          const out = await throughStatements(w, st);
          if ('refused' in out) {
            // A statement without balances (camt.054, an MT942) is refused by every writer of full statements; an entry
            // without a booking date (camt `BookgDt` is optional; the reader warned) by 1C and MT940, which need one;
            // MT940 also refuses an account or reference it cannot write unchanged (outside the SWIFT X character set, or
            // breaking `:61:`'s grammar, e.g. a bank reference ending in '/').
            const allowed =
              st.balancesStated === false
                ? ['FMT_NOT_SUPPORTED']
                : [
                    ...(st.operations.some((o) => !o.date) && w.format !== 'iso20022.camt.053.001.08' ? ['FMT_BAD_VALUE', 'FMT_BAD_DATE', 'FMT_REQUIRED_KEY'] : []),
                    // 1C books amounts above zero only; a zero entry (seen in MT940 samples) is refused, not dropped.
                    ...(st.operations.some((o) => o.amount.minor === 0n) && w.format === '1c.kz' ? ['FMT_BAD_VALUE'] : []),
                    ...(w.format === 'swift.mt940' ? ['FMT_UNENCODABLE', 'FMT_BAD_VALUE'] : []),
                    // camt references are Max35Text: a longer one (an MT940 `EREF+` running over several `?2x`) is refused.
                    ...(w.format === 'iso20022.camt.053.001.08' && st.operations.some((o) => Object.values(o.references ?? {}).some((r) => r.length > 35)) ? ['FMT_BAD_VALUE'] : []),
                  ];
            expect(allowed, `${file} → ${w.format}: ${out.refused}`).toContain(out.refused);
            refused.set(`${w.format} ${out.refused}`, (refused.get(`${w.format} ${out.refused}`) ?? 0) + 1);
            continue;
          }
          expect(out.back.map(shape), `${file} → ${w.format}`).toEqual([shape(st)]);
          tally.converted++;
        }
      }
    }
    console.log(`[convert corpus] statements: ${tally.files} files, ${tally.statements} statements, ${tally.converted} conversions read back equal; refused: ${JSON.stringify(Object.fromEntries(refused))}`);
    expect(tally.converted).toBeGreaterThan(present ? 100 : 2);
  });

  it('every clean payment file becomes a pain.001.001.09 that reads back to the same payments', async () => {
    const pain = registry.writer('iso20022.pain.001.001.09')!;
    if (pain.writes !== 'documents') throw new Error('not a documents writer');
    const inputs = [...(present ? files(path.join(CORPUS_ROOT, 'iso20022/pain001')) : []), ...files(SAMPLES).filter((f) => f.endsWith('.txt'))];
    const tally = { files: 0, documents: 0 };
    const refused: string[] = [];
    for (const file of inputs) {
      const r = await documentsOf(path.basename(file), new Uint8Array(readFileSync(file)));
      if (!r?.clean || r.documents.length === 0) continue;
      let bytes: Uint8Array;
      try {
        bytes = await bytesOf(pain.write(r.documents, { createdAt: '2026-11-25T10:00:00Z', messageId: 'CORPUS-1' }));
      } catch (e) {
        // Refused whole, before a byte, naming the document and what pain.001 needs (employee lists have no place in
        // it; a beneficiary without a name, which the XSD allows on reading, cannot be sent).
        if (!isGatewayError(e) || e.kind !== 'user') throw e;
        expect(e.message).toMatch(/^pain\.001\.001\.09 cannot be written: document \d+: /);
        refused.push(`${path.basename(file)}: ${e.message.replace(/^pain\.001\.001\.09 cannot be written: /, '').slice(0, 80)}`);
        continue;
      }
      const back = await documentsOf('out.xml', bytes);
      expect(back?.clean, file).toBe(true);
      const key = (d: CanonicalDocument) => ('amount' in d ? `${d.number} ${d.amount.minor} ${d.amount.currency} ${'beneficiary' in d ? (d.beneficiary.iban ?? '') : ''}` : d.number);
      expect(back!.documents.map(key), file).toEqual(r.documents.map(key));
      tally.files++;
      tally.documents += r.documents.length;
    }
    console.log(`[convert corpus] payments: ${tally.files} files, ${tally.documents} documents through pain.001.001.09 and back; refused:\n  ${refused.join('\n  ')}`);
    expect(tally.files).toBeGreaterThan(present ? 5 : 1);
  });
});
