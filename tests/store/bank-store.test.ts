// The bank side's other tables on SQLite and PostgreSQL: statement entries and cursors (stored once, own documents
// executed, keyset pages, exact totals and balances), exports (out/ files written once, ranges by key), the letters
// sent (one event per bank letter), the mailbox records, and the replies owed to inbox-queue senders.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { BankStatement } from '../../gateway/core/connector.ts';
import type { StatementOperation } from '../../gateway/core/model/statement.ts';
import { writeOutFile } from '../../gateway/pipeline/out-files.ts';
import { statementAccounts as accountsToFetch, storeStatement } from '../../gateway/pipeline/statements.ts';
import { markReplied, owedReplies, recordOwedReply } from '../../gateway/store/inbox-replies-repo.ts';
import { appendEvent, listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { getSubmission, recordBankStatus, recordSendStarted } from '../../gateway/store/submissions-repo.ts';
import { lastExports, lastReceived, latestErrors } from '../../gateway/web/mailboxes/records.ts';
import { fxExports } from '../../gateway/web/views/fx-view.ts';
import { exportedLetters, sendLetter, sentLetters } from '../../gateway/web/views/letters-view.ts';
import { statementAccounts, statementBalances, statementEntries, statementFiles, statementTotals } from '../../gateway/web/views/statements-view.ts';
import { seedDocuments } from './bank-seed.ts';
import { describeEachDialect } from './dialects.ts';
import { tempDir } from './helpers.ts';

const ACC = 'KZ86125KZT5004100100';

function op(date: string, direction: 'credit' | 'debit', minor: bigint, n = '1'): StatementOperation {
  return { date, number: n, direction, amount: { minor, currency: 'KZT' }, counterparty: { name: `Контрагент ${n}` }, knp: '710', purpose: `Операция ${n}`, documentKind: '' };
}

function statement(account: string, ops: StatementOperation[], entryIds: string[], documentBankIds: (string | null)[] = []): BankStatement {
  const zero = { minor: 0n, currency: 'KZT' };
  return { account, currency: 'KZT', from: '2025-01-10', to: '2025-01-12', openingBalance: zero, closingBalance: zero, totalCredits: zero, totalDebits: zero, operations: ops, entryIds, documentBankIds };
}

async function insertFile(db: Db, f: { id: string; mailbox?: string; name?: string; state: string; errors?: object[] }): Promise<void> {
  await db.run(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, errors_json, received_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, 0, 0)`, [
    f.id,
    f.mailbox ?? 'main',
    f.name ?? `${f.id}.txt`,
    `claim-${f.id}`,
    `sha-${f.id}`,
    f.state,
    f.errors ? JSON.stringify(f.errors) : null,
  ]);
}

describeEachDialect('statements store', (open) => {
  it('stores entries once by bank id and marks an own document executed when its debit arrives', async () => {
    const { db } = await open();
    await seedDocuments(db, ['D1', 'D2']);
    await recordSendStarted(db, { documentId: 'D1', connector: 'test', idempotencyKey: 'k-D1', payloadSha256: 'p', fromState: 'signed' });
    await recordBankStatus(db, 'D1', { bankId: 'B-D1', idempotencyKey: 'k-D1', state: 'accepted', reason: null, executionDate: '2025-01-11', entryBankId: null }, 'submit');
    const st = statement(ACC, [op('2025-01-11', 'debit', 500n, '1'), op('2025-01-11', 'credit', 700n, '2'), op('2025-01-12', 'debit', 10n, '3')], ['E1', 'E2', 'E3'], ['B-D1', null, 'B-UNKNOWN']);
    expect(await storeStatement(db, st)).toEqual({ added: 3, executed: ['D1'] });
    expect(await getSubmission(db, 'D1')).toMatchObject({ bankState: 'executed', entryBankId: 'E1', executionDate: '2025-01-11' });
    expect((await db.get<{ state: string }>('SELECT state FROM documents WHERE id = $1', ['D1']))?.state).toBe('executed');
    expect((await listEntityEvents(db, 'document', 'D1')).at(-1)).toMatchObject({ type: 'document.bank-status', data: { how: 'statement', bankState: 'executed' } });
    // Fetched again (the last complete day is asked once more): nothing new, nothing executed twice.
    expect(await storeStatement(db, st)).toEqual({ added: 0, executed: [] });
    const page = await statementEntries(db, { account: ACC, from: '2025-01-01', to: '2025-01-31', limit: 10 });
    expect(page.items.map((e) => [e.bankId, e.documentId, e.direction, e.amountMinor])).toEqual([
      ['E1', 'D1', 'debit', '500'],
      ['E2', null, 'credit', '700'],
      ['E3', null, 'debit', '10'],
    ]);
    expect(page.items[1]!.operation).toMatchObject({ purpose: 'Операция 2', amount: { minor: 700n, currency: 'KZT' } });
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('knows which accounts to fetch and which have a history', async () => {
    const { db } = await open();
    await seedDocuments(db, ['D1', 'D2', 'D3'], 'signed', (id) => (id === 'D3' ? { fromIban: 'KZ-FX' } : { payer: { iban: `KZ-PAYER-${id}` } }));
    for (const id of ['D1', 'D3']) await recordSendStarted(db, { documentId: id, connector: 'test', idempotencyKey: `k-${id}`, payloadSha256: 'p', fromState: 'signed' });
    await db.run(`INSERT INTO statement_cursors (account, currency, last_date, closing_minor, updated_at) VALUES ('KZ-CURSOR', 'KZT', '2025-01-12', '100', 0)`);
    // Payers of documents sent to the bank (D2 was never sent; an FX order has no payer), fetched ones, configured ones.
    expect(await accountsToFetch(db, ['KZ-CONF', 'KZ-CURSOR'])).toEqual(['KZ-CONF', 'KZ-CURSOR', 'KZ-PAYER-D1']);

    await storeStatement(db, statement('KZ-B', [op('2025-01-10', 'credit', 1n)], ['X1']));
    await storeStatement(db, statement('KZ-A', [op('2025-01-10', 'credit', 1n)], ['X2']));
    await storeStatement(db, statement('KZ-B', [op('2025-01-11', 'credit', 1n)], ['X3']));
    expect(await statementAccounts(db, ['KZ-CONF', 'KZ-A'])).toEqual([
      { account: 'KZ-A', currency: null, lastDate: null, closingMinor: null },
      { account: 'KZ-B', currency: null, lastDate: null, closingMinor: null },
      { account: 'KZ-CONF', currency: null, lastDate: null, closingMinor: null },
      { account: 'KZ-CURSOR', currency: 'KZT', lastDate: '2025-01-12', closingMinor: '100' },
    ]);
  });

  it('pages entries by (date, bank id) and ignores a malformed cursor', async () => {
    const { db } = await open();
    const ids = ['E5', 'E1', 'E10', 'E2', 'E3'];
    const days = ['2025-01-10', '2025-01-11', '2025-01-11', '2025-01-11', '2025-01-12'];
    await storeStatement(db, statement(ACC, ids.map((_, i) => op(days[i]!, 'credit', BigInt(i + 1), String(i))), ids));
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await statementEntries(db, { account: ACC, from: '2025-01-10', to: '2025-01-12', limit: 2, after });
      seen.push(...page.items.map((e) => e.bankId));
      if (!page.next) break;
      after = page.next;
    }
    // Byte order of the bank ids within a day ('E10' < 'E2'), on both databases.
    expect(seen).toEqual(['E5', 'E1', 'E10', 'E2', 'E3']);
    expect((await statementEntries(db, { account: ACC, from: '2025-01-11', to: '2025-01-11', limit: 10, after: 'not a cursor' })).items.map((e) => e.bankId)).toEqual(['E1', 'E10', 'E2']);
    expect((await statementEntries(db, { account: 'KZ-OTHER', from: '2025-01-01', to: '2025-12-31', limit: 10 })).items).toEqual([]);
  });

  it('totals and balances are exact beyond 2^53 and unknown before the first stored operation', async () => {
    const { db } = await open();
    const big = 2n ** 53n + 1n;
    await storeStatement(db, statement(ACC, [op('2025-01-10', 'credit', big, '1'), op('2025-01-11', 'credit', big, '2'), op('2025-01-11', 'debit', 3n, '3'), op('2025-01-13', 'debit', 7n, '4')], ['E1', 'E2', 'E3', 'E4']));
    expect(await statementTotals(db, ACC, '2025-01-10', '2025-01-11')).toEqual({ creditMinor: 2n * big, debitMinor: 3n, credits: 2, debits: 1 });
    expect(await statementTotals(db, ACC, '2025-02-01', '2025-02-28')).toEqual({ creditMinor: 0n, debitMinor: 0n, credits: 0, debits: 0 });
    const never = { account: ACC, currency: 'KZT', lastDate: null, closingMinor: null };
    expect(await statementBalances(db, never, '2025-01-10', '2025-01-11')).toEqual({ openingMinor: null, closingMinor: null, closingSoFar: false });
    // The bank's closing balance of 12 January.
    const known = 3n * big;
    const acc = { account: ACC, currency: 'KZT', lastDate: '2025-01-12', closingMinor: known.toString() };
    expect(await statementBalances(db, acc, '2025-01-11', '2025-01-13')).toEqual({ openingMinor: known - big + 3n, closingMinor: known - 7n, closingSoFar: true });
    expect(await statementBalances(db, acc, '2025-01-10', '2025-01-12')).toEqual({ openingMinor: big + 3n, closingMinor: known, closingSoFar: false });
    expect(await statementBalances(db, acc, '2025-01-09', '2025-01-12')).toEqual({ openingMinor: null, closingMinor: known, closingSoFar: false });
  });
});

describeEachDialect('exports store', (open) => {
  it('writes an out/ file once per key and content; a changed content replaces it', async () => {
    const { db, clock } = await open();
    const root = tempDir();
    const f = { key: 'statement:KZ1:2025-01-10', mailbox: 'main', root, rel: 'kl_to_1c_KZ1_20250110.txt', bytes: Buffer.from('one') };
    const target = path.join(root, 'out', 'kl_to_1c_KZ1_20250110.txt');
    expect(await writeOutFile(db, f)).toBe(target);
    expect(await writeOutFile(db, f)).toBeNull();
    // Same identity, other bytes (a new creation time): not rewritten.
    expect(await writeOutFile(db, { ...f, identity: 'E1|0|0' })).toBe(target);
    expect(await writeOutFile(db, { ...f, bytes: Buffer.from('two'), identity: 'E1|0|0' })).toBeNull();
    expect(readFileSync(target, 'utf8')).toBe('one');
    clock.advance(5000);
    expect(await writeOutFile(db, { ...f, bytes: Buffer.from('three'), identity: 'E1,E2|0|0' })).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('three');
    expect(await db.get('SELECT mailbox, path, written_at AS "writtenAt" FROM exports WHERE key = $1', [f.key])).toEqual({ mailbox: 'main', path: target, writtenAt: clock.now() });
  });

  it('finds statement files, FX confirmations and letters by their key ranges, and a mailbox’s last exports', async () => {
    const { db, clock } = await open();
    const root = tempDir();
    const keys = [
      ['statement:KZ1:2025-01-09', 'a.txt'],
      ['statement:KZ1:2025-01-10', 'b.txt'],
      ['statement:KZ1:2025-01-12', 'c.txt'],
      ['statement:KZ12:2025-01-11', 'd.txt'],
      ['fx:DEAL-2', 'fx/fx_DEAL-2.txt'],
      ['fx:DEAL-1', 'fx/fx_DEAL-1.txt'],
      ['letter:L1', 'letters/L1.txt'],
      ['letter:L1:scan.pdf', 'letters/L1/scan.pdf'],
      ['letter:L2', 'letters/L2.txt'],
      ['status:D1:sent', 'status/D1.txt'],
    ] as const;
    for (const [key, rel] of keys) {
      clock.advance(1000);
      await writeOutFile(db, { key, mailbox: key.startsWith('status') ? 'other' : 'main', root, rel, bytes: Buffer.from(key) });
    }
    expect((await statementFiles(db, 'KZ1', '2025-01-10', '2025-01-12')).map((f) => [f.day, path.basename(f.path), f.mailbox])).toEqual([
      ['2025-01-10', 'b.txt', 'main'],
      ['2025-01-12', 'c.txt', 'main'],
    ]);
    expect((await fxExports(db)).map((r) => r.dealId)).toEqual(['DEAL-1', 'DEAL-2']);
    expect((await fxExports(db, 1)).map((r) => r.dealId)).toEqual(['DEAL-1']);
    const letters = await exportedLetters(db);
    expect([...letters.keys()].sort()).toEqual(['L1', 'L2']);
    expect(existsSync(letters.get('L1')!.path)).toBe(true);
    expect((await lastExports(db, 'main', root, 3)).map((e) => e.path)).toEqual(['out/letters/L2.txt', 'out/letters/L1/scan.pdf', 'out/letters/L1.txt']);
    expect((await lastExports(db, 'other', root)).map((e) => e.path)).toEqual(['out/status/D1.txt']);
    expect(await lastExports(db, 'nobody', root)).toEqual([]);
  });
});

describeEachDialect('letters and mailbox records', (open) => {
  it('a letter sent twice under one key is one event; sent letters are listed newest first', async () => {
    const { db } = await open();
    let calls = 0;
    const d = {
      store: { sql: db },
      bank: { session: { letters: { send: async () => (calls++, { bankId: 'LTR-1', createdAt: '2025-01-15T09:00:00Z' }) } } },
    } as unknown as Parameters<typeof sendLetter>[0];
    const user = { id: 'U1', login: 'nurlan' } as Parameters<typeof sendLetter>[1];
    const draft = { subject: 'Справка', body: 'Прошу выдать справку', attachments: [{ name: 'a.txt', content: Buffer.from('abc') }] };
    const a = await sendLetter(d, user, draft, 'form-1', 'web');
    const b = await sendLetter(d, user, draft, 'form-1', 'web');
    expect(calls).toBe(2); // the bank deduplicates by the idempotency key; the audit log here
    expect(a).toEqual(b);
    expect(a.attachments).toEqual([{ name: 'a.txt', size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }]);
    await appendEvent(db, { entityType: 'system', entityId: 'letters', type: 'letter.sent', actor: 'aigul', data: { bankId: 'LTR-2', subject: 'Второе', attachments: [] } });
    await appendEvent(db, { entityType: 'system', entityId: 'statements', type: 'statements.fetch-requested', actor: 'aigul', data: { via: 'web' } });
    expect((await sentLetters(db)).map((s) => [s.bankId, s.actor, s.subject, s.attachments.length])).toEqual([
      ['LTR-2', 'aigul', 'Второе', 0],
      ['LTR-1', 'nurlan', 'Справка', 1],
    ]);
    expect((await sentLetters(db, 1)).map((s) => s.bankId)).toEqual(['LTR-2']);
  });

  it('lists a mailbox’s last received files and its latest refused or invalid ones, newest first', async () => {
    const { db } = await open();
    const err = (code: string) => [{ code, severity: 'error', message: code }];
    await insertFile(db, { id: '01A', state: 'parsed' });
    await insertFile(db, { id: '01B', state: 'rejected', errors: [{ code: 'W', severity: 'warning', message: 'w' }, ...err('SRC_DUPLICATE_FILE')] });
    await insertFile(db, { id: '01C', state: 'invalid', errors: err('FMT_BAD') });
    await insertFile(db, { id: '01D', state: 'rejected' });
    await insertFile(db, { id: '01E', state: 'invalid', mailbox: 'other', errors: err('FMT_BAD') });
    expect((await lastReceived(db, 'main', 3)).map((f) => [f.id, f.state])).toEqual([
      ['01D', 'rejected'],
      ['01C', 'invalid'],
      ['01B', 'rejected'],
    ]);
    const root = tempDir();
    const errors = await latestErrors(db, 'main', root);
    expect(errors.map((f) => [f.id, f.issue?.code ?? null, f.report])).toEqual([
      ['01D', null, null],
      ['01C', 'FMT_BAD', null],
      ['01B', 'SRC_DUPLICATE_FILE', null],
    ]);
    expect((await latestErrors(db, 'main', root, 1)).map((f) => f.id)).toEqual(['01D']);
  });
});

describeEachDialect('inbox replies owed', (open) => {
  it('records a reply once per file, lists those owed oldest first and marks them replied once', async () => {
    const { db, clock } = await open();
    for (const id of ['F1', 'F2', 'F3']) await insertFile(db, { id, state: 'received' });
    await recordOwedReply(db, { fileId: 'F2', inboxJobId: 'job-2', queue: 'inbox', replyTo: 'erp-2', lang: 'ru' });
    clock.advance(10);
    await recordOwedReply(db, { fileId: 'F1', inboxJobId: 'job-1', queue: 'inbox', replyTo: null, lang: 'en' });
    // A redelivered inbox job: nothing new, the first record kept.
    await recordOwedReply(db, { fileId: 'F2', inboxJobId: 'job-2-again', queue: 'other', replyTo: null, lang: 'kk' });
    expect(await owedReplies(db)).toEqual([
      { fileId: 'F2', inboxJobId: 'job-2', queue: 'inbox', replyTo: 'erp-2', lang: 'ru' },
      { fileId: 'F1', inboxJobId: 'job-1', queue: 'inbox', replyTo: null, lang: 'en' },
    ]);
    expect(await owedReplies(db, 1)).toHaveLength(1);
    clock.advance(10);
    const repliedAt = clock.now();
    await markReplied(db, 'F2');
    clock.advance(10);
    await markReplied(db, 'F2');
    await markReplied(db, 'F3'); // owes nothing: no row
    expect((await owedReplies(db)).map((r) => r.fileId)).toEqual(['F1']);
    expect(await db.get('SELECT replied_at AS "repliedAt" FROM inbox_replies WHERE file_id = $1', ['F2'])).toEqual({ repliedAt });
    expect(await db.get('SELECT count(*) AS n FROM inbox_replies')).toEqual({ n: 2 });
  });
});
