// The hash-chained audit log on the SQL port (PostgreSQL or SQLite): the chain, envelope and hashes of audit.ts,
// appended inside the transaction of the change it records. On PostgreSQL, writers on several machines take turns on a
// transaction-scoped advisory lock on the chain's end, in the commit's own message (pg-db.ts), so every append extends it.
import { chainHash, COLUMNS, envelope, envelopeAround, GENESIS_HASH, linkEvent, prepareEvent, type AuditEvent, type AuditVerifyResult, type NewEvent, type PreparedEvent } from '../audit.ts';
import type { EntityType } from '../schema.ts';
import type { SqlExecutor } from './executor.ts';

type EventRow = { seq: number; at: number; entity_type: string; entity_id: string; type: string; actor: string; data_json: string; prev_hash: string; hash: string };

/**
 * Appends one event in tx (a transaction of the change it records, so both commit together). On PostgreSQL it is
 * chained in the commit's round trip (pg-db.ts): until then the transaction does not read it back.
 */
export async function appendEventTx(tx: SqlExecutor, ev: NewEvent): Promise<void> {
  if (tx.deferEvent) tx.deferEvent(prepareEvent(ev));
  else await appendNow(tx, ev);
}

/** Appends one event in a transaction of its own, and tells where it is in the chain. */
export function appendEvent(sql: SqlExecutor, ev: NewEvent): Promise<{ seq: number; at: number; hash: string }> {
  return sql.transaction((tx) => appendNow(tx, ev));
}

async function appendNow(tx: SqlExecutor, ev: NewEvent): Promise<{ seq: number; at: number; hash: string }> {
  // SQLite's BEGIN IMMEDIATE already holds the only write lock; PostgreSQL needs one for the chain's end.
  if (tx.dialect === 'postgres') await tx.run(EVENTS_LOCK);
  const row = linkEvent(await tx.get<{ seq: number; hash: string }>(CHAIN_END), prepareEvent(ev));
  await tx.run(`INSERT INTO events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, row);
  return { seq: row[0], at: row[1], hash: row[8] };
}

/** PostgreSQL: the lock on the chain's end, held to the commit (the insert trigger of pg migration 0001 takes it too). */
const EVENTS_LOCK = `SELECT pg_advisory_xact_lock(hashtext('bankgate.events'))`;
const CHAIN_END = 'SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1';

/**
 * PostgreSQL: the text that chains `events` at the chain's end and commits, for one simple-protocol message (values as
 * escaped literals: that protocol takes no parameters). events_append (pg migration 0004) locks the end, links and
 * inserts; a durable commit is waited for by a last statement (pg-db.ts).
 */
export function chainAndCommitSql(events: readonly PreparedEvent[], literal: (s: string) => string): string {
  const cols: string[][] = [[], [], [], [], [], [], [], []];
  for (const [at, entityType, entityId, type, actor, dataJson] of events) {
    const [head, tail] = envelopeAround(at, entityType, entityId, type, actor, dataJson);
    [String(at), literal(entityType), literal(entityId), literal(type), literal(actor), literal(dataJson), literal(head), literal(tail)].forEach((v, i) => cols[i]!.push(v));
  }
  const arrays = cols.map((c, i) => `ARRAY[${c.join(', ')}]::${i === 0 ? 'bigint' : 'text'}[]`);
  return `SELECT events_append(${arrays.join(', ')}); COMMIT`;
}

/** Walks the chain in pages of `page` rows by seq (bounded memory on either database); stops at the first bad row. */
export async function verifyAudit(sql: SqlExecutor, page = 1000): Promise<AuditVerifyResult> {
  let count = 0;
  let prev = GENESIS_HASH;
  for (;;) {
    const rows = await sql.all<EventRow>(`SELECT ${COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [count, page]);
    for (const r of rows) {
      const expected = count + 1;
      if (r.seq !== expected) return { ok: false, count, firstBad: { seq: expected, reason: 'seq-gap', message: `seq ${expected} is missing (next row is ${r.seq})` } };
      if (r.prev_hash !== prev) return { ok: false, count, firstBad: { seq: r.seq, reason: 'prev-hash-mismatch', message: `prev_hash of seq ${r.seq} is not the hash of seq ${r.seq - 1}` } };
      if (chainHash(r.prev_hash, envelope(r.seq, r.at, r.entity_type, r.entity_id, r.type, r.actor, r.data_json)) !== r.hash) {
        return { ok: false, count, firstBad: { seq: r.seq, reason: 'hash-mismatch', message: `seq ${r.seq} was changed after it was written` } };
      }
      prev = r.hash;
      count++;
    }
    if (rows.length < page) return { ok: true, count, lastHash: prev };
  }
}

export async function auditHead(sql: SqlExecutor): Promise<{ seq: number; hash: string }> {
  return (await sql.get<{ seq: number; hash: string }>(CHAIN_END)) ?? { seq: 0, hash: GENESIS_HASH };
}

export async function listEntityEvents(sql: SqlExecutor, entityType: EntityType, entityId: string): Promise<AuditEvent[]> {
  const rows = await sql.all<EventRow>(`SELECT ${COLUMNS} FROM events WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq`, [entityType, entityId]);
  return rows.map((r) => ({ seq: r.seq, at: r.at, entityType: r.entity_type as EntityType, entityId: r.entity_id, type: r.type, actor: r.actor, data: JSON.parse(r.data_json) as unknown, prevHash: r.prev_hash, hash: r.hash }));
}
