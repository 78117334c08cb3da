// Bank submissions repository on SQLite and PostgreSQL: "send started" (with the document's move and its event, shared
// commits), attempts, errors, the bank's answers (never moving a document backwards), and the status-file bookkeeping.
import { expect, it } from 'vitest';
import type { BankStatus } from '../../gateway/core/connector.ts';
import { isUniqueViolation } from '../../gateway/store/db.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import {
  getSubmission,
  markReported,
  openSubmissions,
  recordAttempt,
  recordBankStatus,
  recordError,
  recordSendStarted,
  submissionByBankId,
  unreportedSubmissions,
} from '../../gateway/store/submissions-repo.ts';
import { seedDocuments } from './bank-seed.ts';
import { describeEachDialect } from './dialects.ts';

const docState = async (db: Db, id: string) => (await db.get<{ state: string }>('SELECT state FROM documents WHERE id = $1', [id]))?.state;
const started = (id: string) => ({ documentId: id, connector: 'test', idempotencyKey: `bankgate-${id}`, payloadSha256: 'p'.repeat(64), fromState: 'signed' as const });
const status = (id: string, state: BankStatus['state'], extra: Partial<BankStatus> = {}): BankStatus => ({ bankId: `B-${id}`, idempotencyKey: `bankgate-${id}`, state, reason: null, executionDate: null, entryBankId: null, ...extra });

describeEachDialect('bank submissions repository', (open) => {
  it('"send started": the row with its first attempt, the document queued and its event, in one commit', async () => {
    const { db, clock } = await open();
    await seedDocuments(db, ['D1']);
    expect(await getSubmission(db, 'D1')).toBeUndefined();
    const s = await recordSendStarted(db, started('D1'));
    expect(s).toEqual({
      documentId: 'D1',
      connector: 'test',
      idempotencyKey: 'bankgate-D1',
      payloadSha256: 'p'.repeat(64),
      bankId: null,
      bankState: null,
      reasonJson: null,
      executionDate: null,
      entryBankId: null,
      attempts: 1,
      lastError: null,
      sentAt: clock.now(),
      updatedAt: clock.now(),
      reportedState: null,
    });
    expect(await getSubmission(db, 'D1')).toEqual(s);
    expect(await docState(db, 'D1')).toBe('queued');
    expect(await listEntityEvents(db, 'document', 'D1')).toMatchObject([{ type: 'document.queued', actor: 'system', data: { connector: 'test', idempotencyKey: 'bankgate-D1', from: 'signed' } }]);
  });

  it('concurrent "send started" calls share commits; a second one for the same document is refused alone', async () => {
    const { db } = await open();
    const ids = Array.from({ length: 20 }, (_, i) => `D${String(i).padStart(2, '0')}`);
    await seedDocuments(db, ids);
    const results = await Promise.allSettled([...ids.map((id) => recordSendStarted(db, started(id))), recordSendStarted(db, started('D05'))]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(isUniqueViolation((refused[0] as PromiseRejectedResult).reason)).toBe(true);
    for (const id of ids) expect((await getSubmission(db, id))?.attempts).toBe(1);
    expect((await listEntityEvents(db, 'document', 'D05')).filter((e) => e.type === 'document.queued')).toHaveLength(1);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 20 });
  });

  it('counts attempts and records errors; an error with a state moves the document once, with one event', async () => {
    const { db, clock } = await open();
    await seedDocuments(db, ['D1']);
    await recordSendStarted(db, started('D1'));
    clock.advance(1000);
    await recordAttempt(db, 'D1');
    await recordAttempt(db, 'D1');
    expect(await getSubmission(db, 'D1')).toMatchObject({ attempts: 3, updatedAt: clock.now() });

    await recordError(db, 'D1', 'connection reset');
    expect(await getSubmission(db, 'D1')).toMatchObject({ lastError: 'connection reset' });
    expect(await docState(db, 'D1')).toBe('queued');

    await recordError(db, 'D1', 'x'.repeat(800), 'unknown-outcome');
    await recordError(db, 'D1', 'timeout again', 'unknown-outcome');
    expect((await getSubmission(db, 'D1'))!.lastError).toBe('timeout again');
    expect(await docState(db, 'D1')).toBe('unknown-outcome');
    const moves = (await listEntityEvents(db, 'document', 'D1')).filter((e) => e.type === 'document.state');
    expect(moves).toMatchObject([{ data: { from: 'queued', to: 'unknown-outcome', why: 'x'.repeat(300) } }]);
  });

  it('stores the bank answers: the document moves forward only, an unchanged answer adds no event', async () => {
    const { db } = await open();
    await seedDocuments(db, ['D1']);
    await recordSendStarted(db, started('D1'));
    await recordError(db, 'D1', 'lost', 'unknown-outcome');
    expect(await recordBankStatus(db, 'D1', status('D1', 'received'), 'status')).toBe('sent');
    expect(await recordBankStatus(db, 'D1', status('D1', 'accepted', { executionDate: '2025-01-16' }), 'submit')).toBe('accepted');
    expect(await getSubmission(db, 'D1')).toMatchObject({ bankId: 'B-D1', bankState: 'accepted', executionDate: '2025-01-16', lastError: null });
    // A late 'received' does not move the document back (its bank state changed: that is recorded).
    expect(await recordBankStatus(db, 'D1', status('D1', 'received'), 'status')).toBe('accepted');
    expect(await docState(db, 'D1')).toBe('accepted');
    // The same answer twice: one event.
    await recordBankStatus(db, 'D1', status('D1', 'executed', { entryBankId: 'E1' }), 'statement');
    await recordBankStatus(db, 'D1', status('D1', 'executed'), 'status');
    expect(await getSubmission(db, 'D1')).toMatchObject({ bankState: 'executed', entryBankId: 'E1' }); // kept when not named again
    const answers = (await listEntityEvents(db, 'document', 'D1')).filter((e) => e.type === 'document.bank-status').map((e) => e.data as { how: string; bankState: string; from: string; to: string });
    expect(answers.map((a) => [a.how, a.bankState, a.from, a.to])).toEqual([
      ['status', 'received', 'unknown-outcome', 'sent'],
      ['submit', 'accepted', 'sent', 'accepted'],
      ['status', 'received', 'accepted', 'accepted'],
      ['statement', 'executed', 'accepted', 'executed'],
    ]);
    expect((await submissionByBankId(db, 'B-D1'))?.documentId).toBe('D1');
    expect(await submissionByBankId(db, 'nope')).toBeUndefined();
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('a rejection keeps its reason; an answer for a document not in the store moves nothing', async () => {
    const { db } = await open();
    await seedDocuments(db, ['D1']);
    await recordSendStarted(db, started('D1'));
    const reason = { code: 'INSUFFICIENT_FUNDS', ru: 'Недостаточно средств', kk: 'Қаражат жеткіліксіз', en: 'Not enough money' };
    expect(await recordBankStatus(db, 'D1', status('D1', 'rejected', { reason }), 'submit')).toBe('rejected');
    expect(JSON.parse((await getSubmission(db, 'D1'))!.reasonJson!)).toEqual(reason);
    expect(await recordBankStatus(db, 'GHOST', status('GHOST', 'accepted'), 'status')).toBeNull();
  });

  it('lists open submissions oldest first and those whose state has no status file yet', async () => {
    const { db, clock } = await open();
    await seedDocuments(db, ['D1', 'D2', 'D3', 'D4']);
    for (const id of ['D1', 'D2', 'D3', 'D4']) {
      await recordSendStarted(db, started(id));
      clock.advance(10);
    }
    await recordBankStatus(db, 'D2', status('D2', 'accepted'), 'submit');
    clock.advance(10);
    await recordBankStatus(db, 'D3', status('D3', 'executed'), 'submit');
    clock.advance(10);
    await recordBankStatus(db, 'D4', status('D4', 'rejected'), 'submit');
    expect((await openSubmissions(db)).map((s) => s.documentId)).toEqual(['D1', 'D2']);
    expect((await openSubmissions(db, 1)).map((s) => s.documentId)).toEqual(['D1']);
    expect((await unreportedSubmissions(db)).map((s) => s.documentId)).toEqual(['D2', 'D3', 'D4']);
    await markReported(db, 'D3', 'executed');
    await markReported(db, 'D2', 'received'); // an older state's file: the current one is still owed
    expect((await unreportedSubmissions(db)).map((s) => s.documentId)).toEqual(['D2', 'D4']);
    expect((await getSubmission(db, 'D3'))!.reportedState).toBe('executed');
    expect((await unreportedSubmissions(db, 1)).map((s) => s.documentId)).toEqual(['D2']);
  });
});
