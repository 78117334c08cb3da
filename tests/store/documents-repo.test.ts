// Documents repository: all-or-nothing per file, idempotent re-insert, exact bigint amounts, events per document.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LetterDocument, SalaryDocument } from '../../gateway/core/model/document.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import type { TestDb } from './dialects.ts';
import { describeEachDialect } from './dialects.ts';
import { getDocument, insertDocuments, listDocuments, updateDocumentContent, type NewDocument } from '../../gateway/store/documents-repo.ts';
import { createStager, publishStaged } from '../../gateway/store/document-staging.ts';
import { createValidationContext, validateDocument } from '../../gateway/validate/index.ts';
import { getFile, recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { payment, sha } from './helpers.ts';

async function withFile(open: () => Promise<TestDb>) {
  const { db, clock } = await open();
  const file = (await recordReceivedFile(db, { mailbox: 'main', name: 'pay.txt', claimId: 'c1', sha256: sha('a'), size: 100, format: 'test.lines' }));
  const count = async (table: string) => Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n);
  return { db, clock, file, count };
}

const MAX_SAFE_PLUS_2 = 9007199254740993n; // 2^53 + 1: a double would round it to ...992

describeEachDialect('insertDocuments', (open) => {
  it('stores documents in file order and round-trips bigint amounts exactly', async () => {
    const { db, clock, file } = await withFile(open);
    const salary: SalaryDocument = {
      ...payment('2', 123_456_789_012_345_678_901_234_567_890n),
      kind: 'salary',
      rows: [{ iin: '900101300123', lastName: 'Сейітқали', firstName: 'Әлия', amount: { minor: MAX_SAFE_PLUS_2, currency: 'KZT' } }],
    };
    const letter: LetterDocument = { kind: 'letter', number: 'L-1', date: '2025-01-16', subject: 'Хат', body: 'Сәлем' };
    const docs: NewDocument[] = [
      { seq: 1, line: 2, document: payment('1', MAX_SAFE_PLUS_2) },
      { seq: 2, line: 9, document: salary },
      { seq: 3, document: letter },
    ];
    const { ids, created } = (await insertDocuments(db, file.id, docs));
    expect(created).toBe(true);
    expect(ids).toHaveLength(3);

    const rows = (await listDocuments(db, file.id));
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows[0]).toMatchObject({ seq: 1, line: 2, kind: 'payment', number: '1', docDate: '2025-01-15', state: 'parsed', amount: { minor: MAX_SAFE_PLUS_2, currency: 'KZT' } });
    expect(rows[0]!.document).toEqual(docs[0]!.document);
    expect(rows[1]!.amount!.minor).toBe(123_456_789_012_345_678_901_234_567_890n);
    expect(rows[1]!.document).toEqual(salary);
    expect(rows[2]).toMatchObject({ kind: 'letter', line: null, amount: null });
    expect((await getDocument(db, ids[1]!))?.document).toEqual(salary);

    // Stored as text on both databases (SQLite's typeof, PostgreSQL's pg_typeof): never a float.
    const type = db.dialect === 'sqlite' ? 'typeof(amount_minor)' : 'pg_typeof(amount_minor)::text';
    const stored = await db.get(`SELECT amount_minor, ${type} AS t FROM documents WHERE seq = 1`);
    expect(stored).toEqual({ amount_minor: '9007199254740993', t: 'text' });
  });

  it('appends one document.created event per document carrying the body hash', async () => {
    const { db, clock, file } = await withFile(open);
    const { ids } = (await insertDocuments(db, file.id, [{ seq: 1, document: payment('1', 100n) }]));
    const body = (await db.get<{ body_json: string }>('SELECT body_json FROM documents WHERE id = $1', [ids[0]!]))!.body_json;
    expect((await listEntityEvents(db, 'document', ids[0]!))).toMatchObject([
      { type: 'document.created', data: { fileId: file.id, seq: 1, amountMinor: '100', currency: 'KZT', bodySha256: createHash('sha256').update(body).digest('hex') } },
    ]);
    expect((await verifyAudit(db))).toMatchObject({ ok: true, count: 2 });
  });

  it('a second call for the same file is a no-op returning the existing ids', async () => {
    const { db, clock, file, count } = await withFile(open);
    const docs = [1, 2, 3].map((seq) => ({ seq, document: payment(String(seq), BigInt(seq)) }));
    const first = (await insertDocuments(db, file.id, docs, { fileState: 'parsed' }));
    const events = (await count('events'));
    const second = (await insertDocuments(db, file.id, docs, { fileState: 'parsed' }));
    expect(second).toEqual({ ids: first.ids, created: false });
    expect([(await count('documents')), (await count('events'))]).toEqual([3, events]);
    await expect(insertDocuments(db, file.id, docs.slice(0, 2))).rejects.toThrow(/differ/);
  });

  it('stores the documents and moves the file to parsed in one transaction', async () => {
    const { db, clock, file } = await withFile(open);
    const warn = issue('FMT_BAD_VALUE', t({ en: 'odd', ru: 'странно', kk: 'біртүрлі' }), { severity: 'warning' });
    (await insertDocuments(db, file.id, [{ seq: 1, document: payment('1', 1n) }], { fileState: 'parsed', issues: [warn] }));
    expect((await getFile(db, file.id))).toMatchObject({ state: 'parsed', issues: [warn] });
    expect((await listEntityEvents(db, 'file', file.id)).map((e) => e.type)).toEqual(['file.received', 'file.parsed']);
  });

  it('is all-or-nothing: a failing row deep in the batch leaves no rows, no events, no state change', async () => {
    const { db, clock, file, count } = await withFile(open);
    const docs: NewDocument[] = Array.from({ length: 450 }, (_, i) => ({ seq: i + 1, document: payment(String(i + 1), BigInt(i + 1)) }));
    docs[420] = { ...docs[420]!, seq: 7 }; // duplicate seq: UNIQUE(file_id, seq) fails in the third 200-row chunk
    const events = (await count('events'));
    await expect(insertDocuments(db, file.id, docs, { fileState: 'parsed' })).rejects.toThrow(/UNIQUE|unique constraint/);
    expect([(await count('documents')), (await count('events'))]).toEqual([0, events]);
    expect((await getFile(db, file.id))?.state).toBe('received');
    expect((await verifyAudit(db))).toMatchObject({ ok: true, count: events });

    // The same holds for a bad value: money that is not a bigint is refused, nothing is kept.
    const bad = payment('x', 0n);
    (bad.amount as { minor: unknown }).minor = 12.5;
    await expect(insertDocuments(db, file.id, [{ seq: 1, document: payment('1', 1n) }, { seq: 2, document: bad }])).rejects.toThrow(TypeError);
    expect((await count('documents'))).toBe(0);

    // And the file can then be stored properly.
    expect((await insertDocuments(db, file.id, docs.map((d, i) => ({ ...d, seq: i + 1 })))).ids).toHaveLength(450);
  });

  it('refuses documents of an unknown file', async () => {
    const { db, clock, count } = await withFile(open);
    await expect(insertDocuments(db, 'NO-SUCH-FILE', [{ seq: 1, document: payment('1', 1n) }])).rejects.toThrow(/FOREIGN KEY/i);
    expect((await count('documents'))).toBe(0);
  });
  it('keeps the Russian and Kazakh details of issues through the JSON column (insert, staging, update)', async () => {
    const { db, clock, file } = await withFile(open);
    const bad = { ...payment('1', 0n), valueDate: '2020-01-01', payer: { ...payment('1', 0n).payer, iban: 'KZ00BAD' } };
    const issues = [
      ...validateDocument(bad, createValidationContext({ today: '2025-01-15' }), { line: 4 }),
      issue('FMT_BAD_DATE', t({ en: "'31.02.2025' is not a date", ru: "'31.02.2025' — не дата", kk: "'31.02.2025' күн емес" }), { line: 5, field: 'ДатаДокумента', expected: t({ en: 'dd.mm.yyyy', ru: 'ДД.ММ.ГГГГ', kk: 'КК.АА.ЖЖЖЖ' }) }),
    ];
    expect(issues.length).toBeGreaterThan(2);
    for (const i of issues) expect(i.text).toBeDefined();
    const { ids } = (await insertDocuments(db, file.id, [{ seq: 1, line: 4, document: bad, state: 'invalid', issues }]));
    expect((await getDocument(db, ids[0]!))?.issues).toEqual(issues);

    const later = issues.slice(0, 1);
    (await updateDocumentContent(db, ids[0]!, { document: bad, state: 'invalid', issues: later }, { type: 'document.checked' }));
    expect((await getDocument(db, ids[0]!))?.issues).toEqual(later);

    const other = (await recordReceivedFile(db, { mailbox: 'main', name: 'b.txt', claimId: 'c2', sha256: sha('b'), size: 1, format: 'test.lines' }));
    const stager = createStager(db, other.id);
    await stager.add({ seq: 1, line: 4, document: bad, state: 'invalid', issues });
    await stager.flush();
    (await publishStaged(db, other.id, { fileState: 'parsed', issues: issues.slice(-1) }));
    expect((await listDocuments(db, other.id))[0]!.issues).toEqual(issues);
    expect((await getFile(db, other.id))!.issues).toEqual(issues.slice(-1));
    expect((await getFile(db, other.id))!.issues[0]!.text).toEqual({ ru: "'31.02.2025' — не дата", kk: "'31.02.2025' күн емес" });
  });
});
