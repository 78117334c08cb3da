// The overview's numbers on SQLite and PostgreSQL: counts per state and kind from the counters the triggers keep
// (inserts, state changes, deletes, imports in progress), documents per hour with empty hours as zeros, documents made
// before an instant, files in a state received since an instant.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { newId } from '../../gateway/core/id.ts';
import { countMadeBefore, countsByState, countsByStateKind, documentsPerHour, filesInStateSince } from '../../gateway/store/overview-repo.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import { insertDocumentSql } from '../web/docs-helpers.ts';
import { describeEachDialect, TEST_START } from './dialects.ts';
import { payment } from './helpers.ts';

const HOUR = 3_600_000;

async function addFile(db: Db, at: number, state = 'parsed'): Promise<string> {
  const id = newId(at);
  await db.run(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ($1, 'default', $1, $1, $2, 1, $3, $4, $4)`, [id, createHash('sha256').update(id).digest('hex'), state, at]);
  return id;
}

async function addDocuments(db: Db, at: number, states: string[], kind: 'payment' | 'letter' = 'payment'): Promise<string[]> {
  const fileId = await addFile(db, at);
  const ids: string[] = [];
  for (const [seq, state] of states.entries()) {
    const id = newId(at);
    const document = kind === 'payment' ? payment(String(seq), 100n) : { kind, number: String(seq), date: '2025-01-15', subject: 'Письмо', body: 'Текст' };
    await insertDocumentSql(db, { id, fileId, seq, document, state, createdAt: at });
    ids.push(id);
  }
  return ids;
}

describeEachDialect('overview counters', (open) => {
  it('counts per state and per (state, kind) follow inserts, state changes and deletes; imports in progress count nowhere', async () => {
    const { db } = await open();
    expect(await countsByState(db)).toEqual(new Map());
    expect(await countsByStateKind(db)).toEqual([]);
    const ids = await addDocuments(db, TEST_START, ['signed', 'signed', 'executed', 'staging:signed']);
    await addDocuments(db, TEST_START, ['signed'], 'letter');
    expect(await countsByState(db)).toEqual(new Map([['signed', 3], ['executed', 1]]));
    expect(await countsByStateKind(db)).toEqual([
      { state: 'executed', kind: 'payment', n: 1 },
      { state: 'signed', kind: 'letter', n: 1 },
      { state: 'signed', kind: 'payment', n: 2 },
    ]);
    await db.run(`UPDATE documents SET state = 'executed' WHERE id = $1`, [ids[0]!]);
    await db.run(`UPDATE documents SET state = 'signed' WHERE id = $1`, [ids[3]!]); // the import published
    await db.run(`DELETE FROM documents WHERE id = $1`, [ids[2]!]);
    await db.run(`UPDATE documents SET state = 'rejected' WHERE kind = 'letter'`);
    expect(await countsByState(db)).toEqual(new Map([['signed', 2], ['executed', 1], ['rejected', 1]]));
    // A state whose documents all left stays in countsByState with 0 and drops out of countsByStateKind.
    await db.run(`UPDATE documents SET state = 'rejected' WHERE state = 'executed'`);
    expect(await countsByState(db)).toEqual(new Map([['signed', 2], ['executed', 0], ['rejected', 2]]));
    expect(await countsByStateKind(db)).toEqual([
      { state: 'rejected', kind: 'letter', n: 1 },
      { state: 'rejected', kind: 'payment', n: 1 },
      { state: 'signed', kind: 'payment', n: 2 },
    ]);
  });

  it('documents per hour: every hour of the range, oldest first, empty ones as 0', async () => {
    const { db } = await open();
    await addDocuments(db, TEST_START, ['signed', 'executed']);
    await addDocuments(db, TEST_START + 2 * HOUR + 59 * 60_000, ['signed']);
    await addDocuments(db, TEST_START + 5 * HOUR, ['staging:signed']);
    const hours = await documentsPerHour(db, TEST_START - HOUR + 1, TEST_START + 3 * HOUR);
    expect(hours).toEqual([
      { hour: TEST_START - HOUR, n: 0 },
      { hour: TEST_START, n: 2 },
      { hour: TEST_START + HOUR, n: 0 },
      { hour: TEST_START + 2 * HOUR, n: 1 },
      { hour: TEST_START + 3 * HOUR, n: 0 },
    ]);
    expect(await documentsPerHour(db, TEST_START + 5 * HOUR, TEST_START + 5 * HOUR)).toEqual([{ hour: TEST_START + 5 * HOUR, n: 0 }]);
  });

  it('documents made before an instant, in some states; files in a state received since an instant', async () => {
    const { db } = await open();
    await addDocuments(db, TEST_START, ['signed', 'awaiting-signature', 'executed']);
    await addDocuments(db, TEST_START + HOUR, ['signed', 'signed']);
    await addDocuments(db, TEST_START + 2 * HOUR, ['awaiting-signature', 'staging:signed']);
    expect(await countMadeBefore(db, ['signed'], TEST_START + HOUR)).toBe(1);
    expect(await countMadeBefore(db, ['signed'], TEST_START + HOUR + 1)).toBe(3);
    expect(await countMadeBefore(db, ['signed', 'awaiting-signature'], TEST_START + 2 * HOUR)).toBe(4);
    expect(await countMadeBefore(db, ['signed', 'awaiting-signature', 'rejected'], TEST_START + 3 * HOUR)).toBe(5);
    expect(await countMadeBefore(db, ['rejected'], TEST_START + 3 * HOUR)).toBe(0);

    await addFile(db, TEST_START - HOUR, 'invalid');
    await addFile(db, TEST_START, 'invalid');
    await addFile(db, TEST_START + HOUR, 'invalid');
    expect(await filesInStateSince(db, 'invalid', TEST_START)).toBe(2);
    expect(await filesInStateSince(db, 'invalid', TEST_START + HOUR + 1)).toBe(0);
    // The files of the documents above are 'parsed'.
    expect(await filesInStateSince(db, 'parsed', TEST_START - HOUR)).toBe(3);
  });
});
