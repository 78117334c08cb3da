// The web's reads of the audit log on SQLite and PostgreSQL: the Audit page's filters and keyset pages (a type prefix
// is a byte range on both, whatever PostgreSQL's locale), and the letters sent from here (one event per bank letter).
import { expect, it } from 'vitest';
import type { UserRow } from '../../gateway/store/users-repo.ts';
import { appendEventTx } from '../../gateway/store/sql/audit-log.ts';
import type { Db } from '../../gateway/store/sql/executor.ts';
import type { WebDeps } from '../../gateway/web/deps.ts';
import { auditEvents, type AuditFilter } from '../../gateway/web/views/audit-view.ts';
import { sendLetter, sentLetters } from '../../gateway/web/views/letters-view.ts';
import { describeEachDialect } from '../store/dialects.ts';

const TZ = 'Asia/Almaty';
const TYPES = ['user.locked', 'user.', 'user_x', 'users.x', 'user/x', 'userx', 'user.unlocked', 'User.locked', 'file.received'];

async function seed(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < 60; i++) {
      const type = TYPES[i % TYPES.length]!;
      await appendEventTx(tx, { entityType: i % 2 ? 'user' : 'system', entityId: `E${i % 4}`, type, actor: i % 3 ? 'system' : 'ainur', at: Date.parse('2025-01-14T18:00:00Z') + i * 3_600_000, data: { i } });
    }
  });
}

/** Every page of a filter, following `next`. */
async function all(db: Db, f: AuditFilter, limit: number): Promise<number[]> {
  const out: number[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await auditEvents(db, f, TZ, limit, before);
    out.push(...page.items.map((r) => (JSON.parse(r.dataJson) as { i: number }).i));
    if (page.next === null) return out;
    before = page.next;
  }
}

const expected = (keep: (i: number) => boolean) => Array.from({ length: 60 }, (_, i) => i).filter(keep).reverse();

describeEachDialect('audit reads of the web', (open) => {
  it('pages newest first without losing or repeating rows; filters by entity, type, prefix, actor and day', async () => {
    const { db } = await open();
    await seed(db);
    expect(await all(db, {}, 7)).toEqual(expected(() => true));
    const first = await auditEvents(db, {}, TZ, 5);
    expect(first.items.map((r) => r.seq)).toEqual([60, 59, 58, 57, 56]);
    expect(first.items[0]).toEqual({ seq: 60, at: Date.parse('2025-01-14T18:00:00Z') + 59 * 3_600_000, entityType: 'user', entityId: 'E3', type: 'userx', actor: 'system', dataJson: '{"i":59}' });
    expect(first.next).toBe(56);
    expect(await all(db, { entityType: 'user', entityId: 'E1' }, 4)).toEqual(expected((i) => i % 2 === 1 && i % 4 === 1));
    // A prefix ending in '.': the type itself and what follows the dot, never user_x, users.x, user/x or User.…
    const prefix = (i: number) => ['user.locked', 'user.', 'user.unlocked'].includes(TYPES[i % TYPES.length]!);
    expect(await all(db, { type: 'user.' }, 5)).toEqual(expected(prefix));
    expect(await all(db, { type: 'user_x' }, 100)).toEqual(expected((i) => TYPES[i % TYPES.length] === 'user_x'));
    expect(await all(db, { type: 'user.', actor: 'ainur' }, 3)).toEqual(expected((i) => prefix(i) && i % 3 === 0));
    // Business day 15 Jan in Almaty (UTC+5): 14 Jan 19:00 UTC up to 15 Jan 19:00 UTC; event i is at 18:00 + i hours.
    expect(await all(db, { from: '2025-01-15', to: '2025-01-15' }, 10)).toEqual(expected((i) => i >= 1 && i <= 24));
    expect(await auditEvents(db, { type: 'nothing.' }, TZ, 10)).toEqual({ items: [], next: null });
  });

  it('records a letter sent twice under one bank id once, and lists the letters sent newest first', async () => {
    const { db } = await open();
    let n = 0;
    const d = {
      store: { sql: db, clock: db.clock },
      bank: { session: { letters: { send: async () => ({ bankId: n++ < 2 ? 'L1' : 'L2', createdAt: '2025-01-15T09:00:00Z' }) } } },
    } as unknown as WebDeps & { bank: NonNullable<WebDeps['bank']> };
    const user = { id: 'U1', login: 'ainur' } as UserRow;
    const draft = { subject: 'Тема', body: 'Текст', attachments: [{ name: 'a.pdf', content: Buffer.from('abc') }] };
    const [a, b] = await Promise.all([sendLetter(d, user, draft, 'k1', 'web'), sendLetter(d, user, draft, 'k1', 'web')]);
    expect([a.bankId, b.bankId]).toEqual(['L1', 'L1']);
    await sendLetter(d, user, { ...draft, attachments: [] }, 'k2', 'api');
    const sent = await sentLetters(db);
    expect(sent.map((s) => [s.seq, s.bankId, s.actor, s.subject, s.attachments.length])).toEqual([
      [2, 'L2', 'ainur', 'Тема', 0],
      [1, 'L1', 'ainur', 'Тема', 1],
    ]);
    expect(sent[1]!.attachments[0]).toMatchObject({ name: 'a.pdf', size: 3 });
    expect(await sentLetters(db, 1)).toHaveLength(1);
  });
});
