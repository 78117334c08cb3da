// openStore: migrations on a fresh dir, re-open is a no-op, pragmas, and the durable commit's safety level.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/core/errors.ts';
import { openStore } from '../../gateway/store/db.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { checkpoint, checkpointIfLarge } from '../../gateway/store/wal.ts';
import { sha, tempDir, tempStore } from './helpers.ts';

const journal = JSON.parse(readFileSync(new URL('../../gateway/store/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };

const names = (store: ReturnType<typeof tempStore>, type: string) =>
  (store.sqlite.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as { name: string }[]).map((r) => r.name);

describe('openStore', () => {
  it('applies every migration on a fresh dir: tables, indexes, triggers', () => {
    const store = tempStore(tempDir() + '/nested/data');
    expect(names(store, 'table')).toEqual(expect.arrayContaining(['files', 'documents', 'events', '__drizzle_migrations']));
    expect(names(store, 'index')).toEqual(expect.arrayContaining(['files_claim_id_unique', 'files_sha256_idx', 'files_sha256_accepted_uq', 'files_state_id_idx', 'documents_file_seq_uq']));
    expect(names(store, 'trigger')).toEqual([
      'documents_counts_ad',
      'documents_counts_ai',
      'documents_counts_au_new',
      'documents_counts_au_old',
      'documents_day_ids_ai',
      'documents_day_ids_au',
      'documents_listed_au_new',
      'documents_listed_au_old',
      'events_extend_chain',
      'events_no_delete',
      'events_no_update',
      'signatures_at_most_two',
      'signatures_no_update',
    ]);
    const partial = store.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'files_sha256_accepted_uq'`).get() as { sql: string };
    expect(partial.sql).toMatch(/UNIQUE INDEX .* WHERE state <> 'rejected'/);
    expect((store.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(journal.entries.length);
  });

  it('sets WAL, NORMAL, foreign keys and a busy timeout', () => {
    const store = tempStore();
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('re-opening applies nothing and keeps the data', async () => {
    const dir = tempDir();
    const first = openStore({ dataDir: dir });
    (await recordReceivedFile(first.sql, { mailbox: 'm', name: 'a', claimId: 'c1', sha256: sha('a'), size: 1 }));
    const applied = first.sqlite.prepare('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY id').all();
    await first.close();
    await first.close(); // idempotent

    const again = tempStore(dir);
    expect(again.sqlite.prepare('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY id').all()).toEqual(applied);
    expect((again.sqlite.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n).toBe(1);
  });
});

describe('durable commits on the SQLite port', () => {
  it('commits with synchronous=FULL and goes back to NORMAL, also after a throw', async () => {
    const store = tempStore();
    let inside: unknown;
    await store.sql.durable(async () => {
      inside = store.sqlite.pragma('synchronous', { simple: true });
    });
    expect(inside).toBe(2);
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);

    await expect(
      store.sql.durable(async (tx) => {
        await tx.run(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ('x','m','n','c','s',1,'received',1,1)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    expect(await store.sql.get('SELECT count(*) AS n FROM files')).toEqual({ n: 0 });
  });

  it('nests inside another durable call, but refuses to hide inside a plain transaction', async () => {
    const store = tempStore();
    const v = await store.sql.durable((tx) => tx.durable(async () => store.sqlite.pragma('synchronous', { simple: true })));
    expect(v).toBe(2);
    await expect(store.sql.transaction((tx) => tx.durable(async () => 1))).rejects.toThrow(GatewayError);
  });

  it('lets one durable commit hold a file row and its audit event together', async () => {
    const store = tempStore();
    await expect(
      store.sql.durable(async (tx) => {
        await recordReceivedFile(tx, { mailbox: 'm', name: 'a', claimId: 'c1', sha256: sha('a'), size: 1 });
        throw new Error('after the insert');
      }),
    ).rejects.toThrow('after the insert');
    const n = (t: string) => (store.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect([n('files'), n('events')]).toEqual([0, 0]);
  });

  it('runs statements outside a transaction after the transactions queued before them', async () => {
    const store = tempStore();
    const order: string[] = [];
    const tx = store.sql.transaction(async (t) => {
      await t.run(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ('x','m','n','c','s',1,'received',1,1)`);
      await new Promise((r) => setTimeout(r, 20));
      order.push('tx');
    });
    const read = store.sql.get<{ n: number }>('SELECT count(*) AS n FROM files').then((r) => (order.push('read'), r));
    await Promise.all([tx, read]);
    expect(order).toEqual(['tx', 'read']);
    expect(await read).toEqual({ n: 1 });
  });
});

describe('wal checkpoint', () => {
  it('checkpoints on demand and only when the WAL is large', async () => {
    const store = tempStore();
    (await recordReceivedFile(store.sql, { mailbox: 'm', name: 'a', claimId: 'c1', sha256: sha('a'), size: 1 }));
    expect(checkpointIfLarge(store, Number.MAX_SAFE_INTEGER)).toBeNull();
    expect(checkpointIfLarge(store, 0)).toMatchObject({ busy: 0 });
    expect(checkpoint(store, 'TRUNCATE')).toEqual({ busy: 0, log: 0, checkpointed: 0 });
  });
});
