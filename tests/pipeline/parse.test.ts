// Parse step: documents stored all-or-nothing with exact bigint money; invalid files reported in error/.
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { findFileByClaimId, getFile } from '../../gateway/store/files-repo.ts';
import { listDocuments } from '../../gateway/store/documents-repo.ts';
import { verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { BAD_LINE_3, GOOD, pipelineBench } from './helpers.ts';

describe('parse step', () => {
  it('stores every document of a good file with exact amounts and marks the file parsed', async () => {
    const b = pipelineBench();
    const c = b.claim('pay.txt', GOOD);
    await b.deliver(c);
    const id = (await findFileByClaimId(b.store.sql, c.claimId))!.id;
    await b.runParse(id);
    expect((await getFile(b.store.sql, id))!.state).toBe('parsed');
    const docs = (await listDocuments(b.store.sql, id));
    expect(docs.map((d) => [d.seq, d.line, d.number, d.amount])).toEqual([
      [1, 2, '1', { minor: 150050n, currency: 'KZT' }],
      [2, 3, '2', { minor: 9007199254740993n, currency: 'KZT' }],
    ]);
    expect(docs[1]!.document).toMatchObject({ kind: 'payment', beneficiary: { name: 'ИП Әлия' } });
    expect(docs.map((d) => d.state)).toEqual(['awaiting-signature', 'awaiting-signature']);
    // The result report for 1C: JSON always, .err only with errors.
    const result = JSON.parse(readFileSync(path.join(b.root, 'out/pay.txt.result.json'), 'utf8'));
    expect(result).toMatchObject({ file: 'pay.txt', file_id: id, format: 'test.lines', accepted: true, summary: { documents: 2, valid: 2, invalid: 0 } });
    expect(result.documents[1]).toMatchObject({ index: 2, line: 3, amount: '90071992547409.93', valid: true });
    expect(existsSync(path.join(b.root, 'out/pay.txt.err'))).toBe(false);
    // Idempotent: the job delivered again changes nothing.
    await b.runParse(id);
    expect((await listDocuments(b.store.sql, id))).toHaveLength(2);
    expect((await verifyAudit(b.store.sql)).ok).toBe(true);
  });

  it('two runs of one parse job at once (a lost queue lock) store each document once and publish the file once', async () => {
    const b = pipelineBench();
    const n = 2500; // several staging batches, so the runs interleave
    const text = '#TESTPAY\n' + Array.from({ length: n }, (_, i) => `${i + 1};2026-11-25;${i + 1}.00;KZT;ТОО Ромашка;ТОО Қазақ;Оплата ${i + 1}`).join('\n') + '\n';
    const c = b.claim('twice.txt', text);
    await b.deliver(c);
    const id = (await findFileByClaimId(b.store.sql, c.claimId))!.id;
    const runs = await Promise.allSettled([b.runParse(id), b.runParse(id)]);
    // A run that meets the other fails safely (the other's staged rows, its report's temp file, or its publication)
    // and is retried by the queue; nothing it wrote counts.
    for (const r of runs) if (r.status === 'rejected') expect(String((r.reason as Error).message)).toMatch(/UNIQUE|another run|ENOENT/);
    await b.runParse(id); // the queue's retry
    expect((await getFile(b.store.sql, id))!.state).toBe('parsed');
    const docs = (await listDocuments(b.store.sql, id));
    expect(docs.map((d) => d.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const events = b.store.sqlite.prepare(`SELECT type, count(*) AS n FROM events WHERE type IN ('document.created', 'file.parsed') GROUP BY type ORDER BY type`).raw().all();
    expect(events).toEqual([['document.created', n], ['file.parsed', 1]]);
    expect((await verifyAudit(b.store.sql)).ok).toBe(true);
  });

  it('stores no document of a file with errors, and writes the file with .err and .err.json to error/', async () => {
    const b = pipelineBench();
    const c = b.claim('bad.txt', BAD_LINE_3);
    await b.deliver(c);
    const id = (await findFileByClaimId(b.store.sql, c.claimId))!.id;
    await b.runParse(id);
    const row = (await getFile(b.store.sql, id))!;
    expect(row.state).toBe('invalid');
    expect(row.issues.map((i) => [i.code, i.line])).toEqual([
      ['FMT_BAD_VALUE', 3],
      ['FMT_SYNTAX', 4],
    ]);
    expect((await listDocuments(b.store.sql, id))).toEqual([]);
    const errDir = path.join(b.root, 'error');
    expect(readFileSync(path.join(errDir, 'bad.txt'), 'utf8')).toBe(BAD_LINE_3);
    const err = readFileSync(path.join(errDir, 'bad.txt.err'), 'utf8');
    expect(err.startsWith('\uFEFF')).toBe(true);
    expect(err).toMatch(/^\uFEFF304, Строка 3, Неверное значение \/ Мән қате/);
    expect(err).toMatch(/302, Строка 4, Ошибка синтаксиса файла/);
    // The details after the code are the plugin's Russian and Kazakh ones, not its English message.
    const line3 = err.split('\r\n')[0]!;
    expect(line3).toContain("(FMT_BAD_VALUE: amount: '10.005' — не сумма; ожидается: число не более чем с 2 знаками после точки / '10.005' сома емес; күтілетін: ");
    expect(err).not.toMatch(/is not an amount|expected 7 fields/);
    const json = JSON.parse(readFileSync(path.join(errDir, 'bad.txt.err.json'), 'utf8'));
    expect(json).toMatchObject({ file: 'bad.txt', fileId: id, problems: [{ code: 'FMT_BAD_VALUE', line: 3, field: 'amount' }, { code: 'FMT_SYNTAX', line: 4 }] });
    expect(readFileSync(path.join(b.root, 'out/bad.txt.err'), 'utf8')).toMatch(/304, Строка 3/);
    expect(JSON.parse(readFileSync(path.join(b.root, 'out/bad.txt.result.json'), 'utf8'))).toMatchObject({ issues: [{ code: 'FMT_BAD_VALUE', line: 3 }, { code: 'FMT_SYNTAX', line: 4 }], accepted: false, summary: { documents: 1 } });
  });

  it('stores a document that fails validation as invalid with its issues, beside the valid ones', async () => {
    const b = pipelineBench();
    const c = b.claim('mixed.txt', '#TESTPAY\n1;2026-11-25;10.00;KZT;A;B;ok\n2;2026-11-25;0.00;KZT;A;B;zero\n');
    await b.deliver(c);
    const id = (await findFileByClaimId(b.store.sql, c.claimId))!.id;
    await b.runParse(id);
    expect((await getFile(b.store.sql, id))!.state).toBe('parsed');
    const docs = (await listDocuments(b.store.sql, id));
    expect(docs.map((d) => [d.number, d.state, d.issues.map((i) => i.code)])).toEqual([
      ['1', 'awaiting-signature', []],
      ['2', 'invalid', ['VAL_AMOUNT']],
    ]);
    expect(readFileSync(path.join(b.root, 'out/mixed.txt.err'), 'utf8')).toMatch(/^\uFEFF401, Строка 3, Неверная сумма/);
    expect(JSON.parse(readFileSync(path.join(b.root, 'out/mixed.txt.result.json'), 'utf8'))).toMatchObject({ summary: { documents: 2, valid: 1, invalid: 1 } });
  });

  it('a second invalid file of the same name does not overwrite the first report', async () => {
    const b = pipelineBench();
    for (const extra of ['', '\n']) {
      const c = b.claim('bad.txt', BAD_LINE_3 + extra);
      await b.deliver(c);
      await b.runParse((await findFileByClaimId(b.store.sql, c.claimId))!.id);
    }
    const second = b.store.sqlite.prepare('SELECT id FROM files ORDER BY id DESC LIMIT 1').get() as { id: string };
    expect(existsSync(path.join(b.root, 'error/bad.txt'))).toBe(true);
    expect(existsSync(path.join(b.root, `error/bad.${second.id}.txt.err`))).toBe(true);
  });
});
