// Files repository: durable recording with events, claim idempotency, the accepted-content rule, states, listing.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/core/errors.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { isUniqueViolation } from '../../gateway/store/db.ts';
import {
  countFilesByState,
  findAcceptedFileBySha,
  findFileByClaimId,
  getFile,
  listFileIdsInState,
  listFiles,
  recordReceivedFile,
  recordRejectedFile,
  setFileState,
} from '../../gateway/store/files-repo.ts';
import { describeEachDialect } from './dialects.ts';
import { sha } from './helpers.ts';

const input = (claimId: string, content: string, name = `${claimId}.txt`) => ({ mailbox: 'main', name, claimId, sha256: sha(content), size: 10 });

describeEachDialect('recording files', (open) => {
  it('records a received file with its event in the same commit', async () => {
    const { db, clock } = await open();
    const f = (await recordReceivedFile(db, { ...input('c1', 'a'), format: 'test.lines' }));
    expect(f).toMatchObject({ state: 'received', format: 'test.lines', claimId: 'c1', issues: [], errorCode: null, receivedAt: clock.now() });
    expect((await getFile(db, f.id))).toEqual(f);
    expect((await findFileByClaimId(db, 'c1'))).toEqual(f);
    expect((await listEntityEvents(db, 'file', f.id))).toMatchObject([{ type: 'file.received', actor: 'system', data: { sha256: sha('a'), claimId: 'c1' } }]);
  });

  it('is idempotent per claim id: a restart gets the same row and no second event', async () => {
    const { db, clock } = await open();
    const a = (await recordReceivedFile(db, input('c1', 'a')));
    const b = (await recordReceivedFile(db, input('c1', 'a')));
    expect(b).toEqual(a);
    expect((await recordRejectedFile(db, { ...input('c1', 'a'), issues: [] }))).toEqual(a);
    expect((await verifyAudit(db))).toMatchObject({ ok: true, count: 1 });
  });

  it('allows rejected duplicate rows but never a second accepted row for the same bytes', async () => {
    const { db, clock } = await open();
    const original = (await recordReceivedFile(db, input('c1', 'a')));
    let err: unknown;
    try {
      (await recordReceivedFile(db, input('c2', 'a')));
    } catch (e) {
      err = e;
    }
    expect(isUniqueViolation(err)).toBe(true);
    expect((await findFileByClaimId(db, 'c2'))).toBeUndefined();

    const dupIssue = issue('SRC_DUPLICATE_FILE', t({ en: `identical to ${original.name}`, ru: `совпадает с ${original.name}`, kk: `${original.name} файлымен бірдей` }));
    const copy1 = (await recordRejectedFile(db, { ...input('c2', 'a'), issues: [dupIssue], duplicateOf: original.id }));
    const copy2 = (await recordRejectedFile(db, { ...input('c3', 'a'), issues: [dupIssue], duplicateOf: original.id }));
    expect(copy1).toMatchObject({ state: 'rejected', errorCode: 'SRC_DUPLICATE_FILE', duplicateOf: original.id, issues: [dupIssue] });
    expect(copy2.duplicateOf).toBe(original.id);
    expect((await findAcceptedFileBySha(db, sha('a')))?.id).toBe(original.id);
    expect((await listEntityEvents(db, 'file', copy1.id))).toMatchObject([{ type: 'file.rejected', data: { errorCode: 'SRC_DUPLICATE_FILE', duplicateOf: original.id } }]);

    // The index itself, not only the repository, refuses a second accepted row.
    const raw = (id: string, claim: string, state: string) =>
      db.run(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ($1, 'm', 'n', $2, $3, 1, $4, 1, 1)`, [id, claim, sha('a'), state]);
    expect(isUniqueViolation(await raw('X1', 'c9', 'parsed').catch((e: unknown) => e))).toBe(true);
    await expect(raw('X2', 'c10', 'rejected')).resolves.toEqual({ changes: 1 });
  });

  it('a rejected file with no duplicate (e.g. unknown format) keeps its issues; duplicate_of must name a real file', async () => {
    const { db, clock } = await open();
    const f = (await recordRejectedFile(db, { ...input('c1', 'a'), issues: [issue('FMT_UNKNOWN', t({ en: 'not recognised', ru: 'не распознан', kk: 'танылмады' }), { severity: 'warning' }), issue('FMT_UNKNOWN', t({ en: 'no plugin', ru: 'нет модуля', kk: 'модуль жоқ' }))] }));
    expect(f).toMatchObject({ state: 'rejected', duplicateOf: null, errorCode: 'FMT_UNKNOWN' });
    expect(f.issues).toHaveLength(2);
    await expect(recordRejectedFile(db, { ...input('c2', 'b'), issues: [], duplicateOf: 'NO-SUCH-FILE' })).rejects.toThrow(/FOREIGN KEY/i);
  });
});

describeEachDialect('setFileState', (open) => {
  it('moves received → parsed with an event, and a repeat is a no-op', async () => {
    const { db, clock } = await open();
    const f = (await recordReceivedFile(db, input('c1', 'a')));
    clock.advance(500);
    const warn = issue('FMT_BAD_VALUE', t({ en: 'odd but accepted', ru: 'странно, но принято', kk: 'біртүрлі, бірақ қабылданды' }), { severity: 'warning', line: 3 });
    const p = (await setFileState(db, f.id, 'parsed', { format: 'test.lines', issues: [warn] }));
    expect(p).toMatchObject({ state: 'parsed', format: 'test.lines', issues: [warn], errorCode: null, updatedAt: f.receivedAt + 500 });
    expect((await setFileState(db, f.id, 'parsed'))).toEqual(p);
    expect((await listEntityEvents(db, 'file', f.id)).map((e) => e.type)).toEqual(['file.received', 'file.parsed']);
  });

  it('refuses transitions out of final states and unknown files', async () => {
    const { db, clock } = await open();
    const f = (await recordReceivedFile(db, input('c1', 'a')));
    (await setFileState(db, f.id, 'invalid', { issues: [issue('FMT_SYNTAX', t({ en: 'bad', ru: 'ошибка', kk: 'қате' }))] }));
    await expect(setFileState(db, f.id, 'parsed')).rejects.toThrow(GatewayError);
    const r = (await recordRejectedFile(db, { ...input('c2', 'b'), issues: [] }));
    await expect(setFileState(db, r.id, 'parsed')).rejects.toThrow(/not an allowed transition/);
    await expect(setFileState(db, 'nope', 'parsed')).rejects.toThrow(/no file/);
    expect((await verifyAudit(db))).toMatchObject({ ok: true, count: 3 });
  });
});

describeEachDialect('listing and counting', (open) => {
  async function seeded() {
    const { db, clock } = await open();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      clock.advance(1000);
      const f = (await recordReceivedFile(db, input(`c${i}`, String.fromCharCode(97 + i))));
      if (i % 2 === 0) (await setFileState(db, f.id, 'parsed'));
      ids.push(f.id);
    }
    // Ids order by millisecond only (random within one), so the copy arrives a tick later.
    clock.advance(1000);
    (await recordRejectedFile(db, { ...input('dup', 'a'), issues: [], duplicateOf: ids[0] }));
    return { db, clock, ids };
  }

  it('pages newest first with a keyset cursor until nextCursor is null', async () => {
    const { db, ids } = await seeded();
    const all = (await listFiles(db, { limit: 100 }));
    expect(all.nextCursor).toBeNull();
    expect(all.items).toHaveLength(8);
    expect(all.items.slice(1).map((f) => f.id)).toEqual([...ids].reverse());

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await listFiles(db, { limit: 3, cursor }));
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.items.map((f) => f.id));
  });

  it('filters by state, and the last full page says there is no more', async () => {
    const { db, ids } = await seeded();
    const parsed = [ids[6], ids[4], ids[2], ids[0]];
    const p1 = (await listFiles(db, { state: 'parsed', limit: 2 }));
    expect(p1.items.map((f) => f.id)).toEqual(parsed.slice(0, 2));
    const p2 = (await listFiles(db, { state: 'parsed', limit: 2, cursor: p1.nextCursor! }));
    expect(p2.items.map((f) => f.id)).toEqual(parsed.slice(2));
    expect(p2.nextCursor).toBeNull();
    expect((await listFiles(db, { state: 'invalid', limit: 10 }))).toEqual({ items: [], nextCursor: null });
  });

  it('counts by state (zeros included) and lists ids oldest first', async () => {
    const { db, ids } = await seeded();
    expect((await countFilesByState(db))).toEqual({ received: 3, parsed: 4, invalid: 0, rejected: 1 });
    expect((await listFileIdsInState(db, 'received'))).toEqual([ids[1], ids[3], ids[5]]);
  });
});
