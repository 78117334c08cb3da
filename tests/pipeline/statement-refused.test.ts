// A bank statement (kl_to_1c) dropped into in/ is refused as a whole: no document stored, nothing to sign or send, reports name FMT_STATEMENT_NOT_ORDERS.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinFormats } from '../../gateway/formats.ts';
import { listDocuments } from '../../gateway/store/documents-repo.ts';
import { findFileByClaimId, getFile } from '../../gateway/store/files-repo.ts';
import { verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { pipelineBench } from './helpers.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../samples/1c-kz');
const sample = (name: string) => readFileSync(path.join(SAMPLES, name, 'input.txt'));
const CODE = 'FMT_STATEMENT_NOT_ORDERS';

/** Drops `bytes` as `name` into the bench's in/ and runs intake and parse; returns the file's id. */
async function drop(b: ReturnType<typeof pipelineBench>, name: string, bytes: Buffer): Promise<string> {
  const c = b.claim(name, bytes);
  expect(await b.deliver(c)).toEqual({ to: 'archive' });
  const id = (await findFileByClaimId(b.store.sql, c.claimId))!.id;
  await b.runParse(id);
  return id;
}

describe('a bank statement dropped into in/', () => {
  it('ends invalid with no document stored, .err and result.json naming FMT_STATEMENT_NOT_ORDERS, the file kept in error/', async () => {
    const b = pipelineBench({ formats: builtinFormats() });
    const bytes = sample('11-kz-statement-8.3-cp1251'); // kz-formats.md 8.3: 2 credits, 2 debits, every one a valid-looking order
    const id = await drop(b, 'kl_to_1c.txt', bytes);

    const row = (await getFile(b.store.sql, id))!;
    expect(row.state).toBe('invalid');
    expect(row.issues.filter((i) => i.severity === 'error')).toEqual([expect.objectContaining({ code: CODE, line: 11, field: 'СекцияРасчСчет' })]);
    // Nothing awaits a signature: no document of the file, and none at all, is in the store.
    expect((await listDocuments(b.store.sql, id))).toEqual([]);
    expect(b.store.sqlite.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual({ n: 0 });

    const out = path.join(b.root, 'out');
    const err = readFileSync(path.join(out, 'kl_to_1c.txt.err'), 'utf8');
    expect(err).toMatch(/^\uFEFF321, Строка 11, Файл — банковская выписка, а не платёжные поручения: ничего из него в банк не отправлено \/ Файл — банк үзінді-көшірмесі/);
    expect(err).toContain(`(${CODE}: СекцияРасчСчет: этот файл — банковская выписка`);
    expect(err).toContain("выгрузите их из 1С ('1c_to_kl.txt')");
    const result = JSON.parse(readFileSync(path.join(out, 'kl_to_1c.txt.result.json'), 'utf8'));
    expect(result).toMatchObject({ file: 'kl_to_1c.txt', file_id: id, format: '1c.kz', accepted: false, summary: { documents: 4 } });
    expect(result.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([expect.objectContaining({ code: CODE, line: 11 })]);

    // The original is kept beside its report, byte for byte.
    const errDir = path.join(b.root, 'error');
    expect(readFileSync(path.join(errDir, 'kl_to_1c.txt')).equals(bytes)).toBe(true);
    const errJson = JSON.parse(readFileSync(path.join(errDir, 'kl_to_1c.txt.err.json'), 'utf8')) as { fileId: string; problems: { severity: string }[] };
    expect(errJson.fileId).toBe(id);
    expect(errJson.problems.filter((p) => p.severity === 'error')).toEqual([expect.objectContaining({ code: CODE, num: 321, line: 11, field: 'СекцияРасчСчет' })]);
    expect(b.blobs.has(row.sha256)).toBe(true);
    expect((await verifyAudit(b.store.sql)).ok).toBe(true);
  });

  it('statement lines without balances (СекцияДокумент=Выписка only) are refused the same way', async () => {
    const b = pipelineBench({ formats: builtinFormats() });
    const text = new TextDecoder().decode(sample('05-bcc-2.0-statement-utf8')).replace(/СекцияРасчСчет[\s\S]*?КонецРасчСчет\r?\n/, '');
    expect(text).not.toContain('СекцияРасчСчет');
    const id = await drop(b, 'bcc.txt', Buffer.from(text));
    expect((await getFile(b.store.sql, id))!.state).toBe('invalid');
    expect((await getFile(b.store.sql, id))!.issues.filter((i) => i.code === CODE)).toEqual([expect.objectContaining({ field: 'СекцияДокумент', severity: 'error' })]);
    expect((await listDocuments(b.store.sql, id))).toEqual([]);
    expect(readFileSync(path.join(b.root, 'out/bcc.txt.err'), 'utf8')).toMatch(/321, Строка \d+, Файл — банковская выписка/);
  });

  it('the same bench stores the documents of a 1C payment export (golden 01) as awaiting signature', async () => {
    const b = pipelineBench({ formats: builtinFormats() });
    const id = await drop(b, '1c_to_kl.txt', sample('01-kz-export-8.2-cp1251'));
    expect((await getFile(b.store.sql, id))!.state).toBe('parsed');
    expect((await listDocuments(b.store.sql, id)).map((d) => d.state)).toEqual(['awaiting-signature', 'awaiting-signature', 'awaiting-signature']);
    expect(existsSync(path.join(b.root, 'error/1c_to_kl.txt'))).toBe(false);
  });
});
