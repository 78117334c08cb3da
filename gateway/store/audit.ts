// Hash-chained, append-only audit log: its row format, envelope and hashes (shared with the SQL port's audit log,
// sql/audit-log.ts), and the sync SQLite functions kept for the callers not yet moved onto the port.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { GatewayError } from '../core/errors.ts';
import { canonicalJson } from './canonical-json.ts';
import type { EntityType } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface NewEvent {
  entityType: EntityType;
  entityId: string;
  /** Dotted event name: 'file.received', 'file.rejected', 'file.parsed', 'document.created', … */
  type: string;
  /** 'system' or a user's login. */
  actor: string;
  /** Any JSON-able value; bigints are recorded as decimal strings. Default {}. */
  data?: unknown;
  /** Epoch ms; default Date.now(). */
  at?: number;
}

export interface AuditEvent {
  seq: number;
  at: number;
  entityType: EntityType;
  entityId: string;
  type: string;
  actor: string;
  /** Parsed data_json (bigints come back as decimal strings). */
  data: unknown;
  prevHash: string;
  hash: string;
}

export type AuditBreakReason = 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch';

export type AuditVerifyResult =
  | { ok: true; count: number; lastHash: string }
  /** count: rows that verified before the first bad one. */
  | { ok: false; count: number; firstBad: { seq: number; reason: AuditBreakReason; message: string } };

export type Row = [seq: number, at: number, entityType: string, entityId: string, type: string, actor: string, dataJson: string, prevHash: string, hash: string];
export const COLUMNS = 'seq, at, entity_type, entity_id, type, actor, data_json, prev_hash, hash';

interface Statements {
  last: Database.Statement<[], { seq: number; hash: string }>;
  insert: Database.Statement<unknown[]>;
  all: Database.Statement<[]>;
  byEntity: Database.Statement<[string, string]>;
}
const cache = new WeakMap<Database.Database, Statements>();

function statements(sqlite: Database.Database): Statements {
  let s = cache.get(sqlite);
  if (!s) {
    s = {
      last: sqlite.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
      insert: sqlite.prepare(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      all: sqlite.prepare(`SELECT ${COLUMNS} FROM events ORDER BY seq`).raw(true),
      byEntity: sqlite.prepare(`SELECT ${COLUMNS} FROM events WHERE entity_type = ? AND entity_id = ? ORDER BY seq`).raw(true),
    };
    cache.set(sqlite, s);
  }
  return s;
}

/**
 * canonicalJson({ seq, at, entityType, entityId, type, actor, data }) spelled out with the keys already in
 * sorted order, taking data as its stored canonical text: verification then hashes the stored bytes of
 * data_json directly (any edit to them shows) and never re-parses a million JSON blobs.
 */
export function envelope(seq: number, at: number, entityType: string, entityId: string, type: string, actor: string, dataCanon: string): string {
  const [head, tail] = envelopeAround(at, entityType, entityId, type, actor, dataCanon);
  return `${head}${seq}${tail}`;
}

/** The envelope's text before and after its seq: PostgreSQL chains a prepared event with them (pg migration 0004). */
export function envelopeAround(at: number, entityType: string, entityId: string, type: string, actor: string, dataCanon: string): [head: string, tail: string] {
  const s = (x: string) => JSON.stringify(x.normalize('NFC'));
  return [`{"actor":${s(actor)},"at":${at},"data":${dataCanon},"entityId":${s(entityId)},"entityType":${s(entityType)},"seq":`, `,"type":${s(type)}}`];
}

export function chainHash(prevHash: string, env: string): string {
  return createHash('sha256').update(prevHash).update(env).digest('hex');
}

/**
 * Appends one event. Call it inside the transaction that makes the change it records, so the change and
 * its event commit together; called outside a transaction it opens its own (IMMEDIATE, so read-last and
 * insert cannot interleave with another writer). The events_extend_chain trigger re-checks the link.
 */
export function appendEvent(sqlite: Database.Database, ev: NewEvent): { seq: number; at: number; hash: string } {
  if (!sqlite.inTransaction) return sqlite.transaction(() => appendEvent(sqlite, ev)).immediate();
  const st = statements(sqlite);
  const row = nextEventRow(st.last.get(), ev);
  st.insert.run(...row);
  return { seq: row[0], at: row[1], hash: row[8] };
}

/** An event ready to be chained: texts NFC-normalised, data canonical, time fixed (the chain's link comes later). */
export type PreparedEvent = [at: number, entityType: string, entityId: string, type: string, actor: string, dataJson: string];

export function prepareEvent(ev: NewEvent): PreparedEvent {
  const at = ev.at ?? Date.now();
  if (!Number.isSafeInteger(at)) throw new GatewayError('BUG_UNEXPECTED', `audit: event time must be integer ms, got ${at}`);
  return [at, ev.entityType, ev.entityId.normalize('NFC'), ev.type.normalize('NFC'), ev.actor.normalize('NFC'), canonicalJson(ev.data ?? {})];
}

/** The row that extends the chain after `last` with a prepared event (columns in the order of COLUMNS). */
export function linkEvent(last: { seq: number; hash: string } | undefined, [at, entityType, entityId, type, actor, dataJson]: PreparedEvent): Row {
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = chainHash(prevHash, envelope(seq, at, entityType, entityId, type, actor, dataJson));
  return [seq, at, entityType, entityId, type, actor, dataJson, prevHash, hash];
}

/**
 * The row that extends the chain after `last` with `ev`: prepareEvent then linkEvent. Shared by this module and the
 * SQL port's audit log.
 */
export function nextEventRow(last: { seq: number; hash: string } | undefined, ev: NewEvent): Row {
  return linkEvent(last, prepareEvent(ev));
}

/**
 * Walks the whole chain in seq order, one row at a time (constant memory at 1M rows), and stops at the
 * first row that does not verify: a missing seq (deleted row), a prev_hash that is not the previous
 * row's hash (row removed, inserted or reordered), or a hash that does not match the row (edited).
 * It cannot see the tail cut off or the whole chain rewritten by someone with the database: that needs
 * checkpoints kept outside the box (auditHead in sql/audit-log.ts).
 */
export function verifyAudit(sqlite: Database.Database): AuditVerifyResult {
  let count = 0;
  let prev = GENESIS_HASH;
  for (const raw of statements(sqlite).all.iterate()) {
    const [seq, at, entityType, entityId, type, actor, dataJson, prevHash, hash] = raw as Row;
    const expected = count + 1;
    if (seq !== expected) {
      return { ok: false, count, firstBad: { seq: expected, reason: 'seq-gap', message: `seq ${expected} is missing (next row is ${seq})` } };
    }
    if (prevHash !== prev) {
      return { ok: false, count, firstBad: { seq, reason: 'prev-hash-mismatch', message: `prev_hash of seq ${seq} is not the hash of seq ${seq - 1}` } };
    }
    if (chainHash(prevHash, envelope(seq, at, entityType, entityId, type, actor, dataJson)) !== hash) {
      return { ok: false, count, firstBad: { seq, reason: 'hash-mismatch', message: `seq ${seq} was changed after it was written` } };
    }
    prev = hash;
    count++;
  }
  return { ok: true, count, lastHash: prev };
}

/** The timeline of one file or document, oldest first. */
export function listEntityEvents(sqlite: Database.Database, entityType: EntityType, entityId: string): AuditEvent[] {
  return statements(sqlite)
    .byEntity.all(entityType, entityId)
    .map((raw) => {
      const [seq, at, et, entityIdStored, type, actor, dataJson, prevHash, hash] = raw as Row;
      return { seq, at, entityType: et as EntityType, entityId: entityIdStored, type, actor, data: JSON.parse(dataJson) as unknown, prevHash, hash };
    });
}
