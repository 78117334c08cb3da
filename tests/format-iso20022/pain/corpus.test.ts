// Every pain message of the shared corpus (read in place, never copied): no throw, per-folder counts of files,
// payment-information blocks, transactions and the share of files without an error-level issue; files with errors
// are listed by name with the first reason. Known facts of particular files are checked too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transactionStates } from '../../../plugins/format-iso20022/pain/index.ts';
import { errors, read001, read002 } from './helpers.ts';
import { corpusDir } from '../../fixtures/corpus.ts';

const CORPUS = process.env['SHARED_CORPUS_ISO'] ?? corpusDir('iso20022');
const present = existsSync(CORPUS);
if (!present) console.warn(`[pain corpus] ${CORPUS} is absent: corpus tests skipped`);

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]))
    .sort();
}

/** pain files by their message element (found in the first bytes), whatever folder they are in. */
function painFiles(): { path: string; kind: '001' | '002' }[] {
  return files(CORPUS).flatMap((path): { path: string; kind: '001' | '002' }[] => {
    const head = readFileSync(path).subarray(0, 8192).toString('latin1');
    if (/<(?:\w+:)?CstmrCdtTrfInitn\b/.test(head)) return [{ path, kind: '001' }];
    if (/<(?:\w+:)?CstmrPmtStsRpt\b/.test(head)) return [{ path, kind: '002' }];
    return [];
  });
}

const read = (rel: string) => new Uint8Array(readFileSync(join(CORPUS, rel)));

describe.skipIf(!present)('pain corpus', () => {
  it('reads every pain file without throwing; prints per-folder counts and the files with errors', async () => {
    const all = painFiles();
    expect(all.length).toBeGreaterThan(30);
    const folders = new Map<string, { files: number; clean: number; payments: number; transactions: number; documents: number; reports: number }>();
    const broken: string[] = [];
    for (const { path, kind } of all) {
      const folder = relative(CORPUS, dirname(path)) || '.';
      const f = folders.get(folder) ?? { files: 0, clean: 0, payments: 0, transactions: 0, documents: 0, reports: 0 };
      folders.set(folder, f);
      f.files++;
      const bytes = new Uint8Array(readFileSync(path));
      let errs;
      if (kind === '001') {
        const r = await read001(bytes, {}, 1024);
        f.payments += r.summary.paymentInfos;
        f.transactions += r.summary.transactions;
        f.documents += r.documents.length;
        errs = errors(r.issues);
        // Whatever a file holds, every transaction read is either a document or explained by an error.
        if (r.documents.length < r.summary.transactions) expect(errs.length, basename(path)).toBeGreaterThan(0);
      } else {
        const r = await read002(bytes, 1024);
        expect(r.reports, basename(path)).toHaveLength(1);
        f.reports++;
        f.payments += r.reports[0]!.payments.length;
        f.transactions += r.reports[0]!.payments.reduce((n, p) => n + p.transactions.length, 0);
        expect(transactionStates(r.reports[0]!).length).toBeGreaterThan(0);
        errs = errors(r.issues);
      }
      if (errs.length) broken.push(`${relative(CORPUS, path)}: ${errs.length} error(s), first ${errs[0]!.code} at line ${errs[0]!.line}: ${errs[0]!.message}`);
      else f.clean++;
    }
    const rows = [...folders].map(([name, f]) => `${name.padEnd(10)} files ${String(f.files).padStart(3)}  payment-info ${String(f.payments).padStart(3)}  transactions ${String(f.transactions).padStart(3)}  documents ${String(f.documents).padStart(3)}  reports ${String(f.reports).padStart(3)}  without error ${Math.round((100 * f.clean) / f.files)} %`);
    console.log(`[pain corpus]\n${rows.join('\n')}\nfiles with errors:\n${broken.map((b) => `  ${b}`).join('\n') || '  none'}`);
    // The corpus's inconsistent files are known: header totals that do not add up, an EqvtAmt, a placeholder date.
    expect(broken.length).toBeLessThanOrEqual(6);
  });

  it('ISO MDR example: three currencies, amounts exact, cheque/wire mix, account ids with leading zeros kept', async () => {
    const r = await read001(read('pain001/iso-mdr_gistfile1_pain.001.001.03.xml'));
    expect(r.issues).toEqual([]);
    expect(r.documents.map((d) => [d.document.kind, (d.document as { amount: unknown }).amount])).toEqual([
      ['fx-payment', { minor: 10000000n, currency: 'JPY' }],
      ['fx-payment', { minor: 50000000n, currency: 'EUR' }],
      ['fx-payment', { minor: 100000000n, currency: 'USD' }],
    ]);
    expect(r.documents[0]!.document).toMatchObject({ payer: { iban: '00125574999', bic: 'BBBBUS33' }, charges: 'SHA', date: '2009-09-29' });
    expect(r.documents[1]!.document).toMatchObject({ charges: 'BEN', beneficiary: { iban: 'BE30001216371411' } });
  });

  it('Swiss ch.02 and .09 ch.03 files, BOM + lower-case utf-8, non-ASCII names', async () => {
    const ch = await read001(read('pain001/ch_dvbern_pain.001.001.09.ch.03.xml'));
    expect(errors(ch.issues)).toEqual([]);
    expect(ch.documents.map((d) => d.document.date)).toEqual(['2026-08-28', '2026-08-28', '2026-08-28', '2026-08-28']);
    const lt = await read001(read('pain001/lt_International_payment_RUB.xml'));
    expect(errors(lt.issues)).toEqual([]);
    expect(lt.documents[0]!.document.kind).toBe('fx-payment');
    expect((lt.documents[0]!.document as { amount: { currency: string } }).amount.currency).toBe('RUB');
  });

  it('pain.002: PostFinance 2009 PART with a rejected transaction, Nordea group reject, HVB VoP status without namespace', async () => {
    const pf = (await read002(read('pain002/postfinance_pain002_B-C-Level_RJCT_v2009.xml'))).reports[0]!;
    expect(pf.payments[0]!.status).toBe('PART');
    expect(transactionStates(pf)).toEqual([
      { endToEndId: 'EndToEndId-001-03-04', instructionId: 'InstrId-001-03-04', paymentInfoId: 'PmtInfId-001-03', status: 'RJCT', state: 'rejected', reason: expect.objectContaining({ code: 'AC01', ru: 'Неверный или отсутствующий номер счёта: 1301813;Konto ungültig' }) },
    ]);
    const nordea = (await read002(read('pain002/nordea_pain_002_v3_group_reject.xml'))).reports[0]!;
    expect(transactionStates(nordea)[0]).toMatchObject({ state: 'rejected', reason: { code: 'DU01' } });
    const hvb = await read002(read('pain002/hbci4java_pain.002.001.10-01_no_namespace.xml'));
    expect(hvb.issues).toEqual([]);
    expect(transactionStates(hvb.reports[0]!)).toEqual([expect.objectContaining({ endToEndId: 'NOTPROVIDED', status: 'RVNM', state: 'received' })]);
  });
});
