// The audit log as the Audit page and API read it: newest first, keyset-paged by seq (never OFFSET), filtered by
// entity (through the entity index), event type (exact, or a prefix ending in '.'), actor and business days.
import { ENTITY_TYPES, type EntityType } from '../../store/schema.ts';
import type { Db } from '../../store/sql/executor.ts';
import { addDays, isCalendarDate } from '../../validate/dates.ts';

export interface AuditFilter {
  entityType?: EntityType | undefined;
  entityId?: string | undefined;
  /** 'user.locked', or 'user.' for every user event. */
  type?: string | undefined;
  actor?: string | undefined;
  /** Business days 'YYYY-MM-DD' in the time zone, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditRow {
  seq: number;
  at: number;
  entityType: EntityType;
  entityId: string;
  type: string;
  actor: string;
  /** The stored canonical JSON, as text. */
  dataJson: string;
}

export const isEntityType = (v: unknown): v is EntityType => typeof v === 'string' && (ENTITY_TYPES as readonly string[]).includes(v);

/** Offset of a zone from UTC at an instant (ms), read from Intl: no table of our own to keep up to date. */
function offsetAt(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(t);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(t / 1000) * 1000;
}

/** The instant a business day starts in the zone. */
export function startOfDay(day: string, timeZone: string): number {
  const utc = Date.parse(`${day}T00:00:00Z`);
  const first = utc - offsetAt(utc, timeZone);
  return utc - offsetAt(first, timeZone);
}

/** Up to `limit` events with seq below `before` (all when absent), newest first; next is the seq to continue below. */
export async function auditEvents(db: Db, f: AuditFilter, timeZone: string, limit: number, before?: number): Promise<{ items: AuditRow[]; next: number | null }> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const arg = (v: string | number) => `$${args.push(v)}`;
  if (f.entityType) where.push(`entity_type = ${arg(f.entityType)}`);
  if (f.entityId) where.push(`entity_id = ${arg(f.entityId)}`);
  if (f.type) {
    if (f.type.endsWith('.')) {
      // A prefix as a range on the text: no LIKE, so '_' and '%' in a type mean themselves.
      // The prefix range compares bytes on both databases (the PostgreSQL store only opens a C-collation database, pg/open.ts).
      where.push(`type >= ${arg(f.type)} AND type < ${arg(f.type.slice(0, -1) + '/')}`);
    } else where.push(`type = ${arg(f.type)}`);
  }
  if (f.actor) where.push(`actor = ${arg(f.actor)}`);
  if (f.from) where.push(`at >= ${arg(startOfDay(f.from, timeZone))}`);
  if (f.to) where.push(`at < ${arg(startOfDay(addDays(f.to, 1), timeZone))}`);
  if (before !== undefined) where.push(`seq < ${arg(before)}`);
  const rows = await db.all<AuditRow & Record<string, unknown>>(
    `SELECT seq, at, entity_type AS "entityType", entity_id AS "entityId", type, actor, data_json AS "dataJson" FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${arg(limit + 1)}`,
    args,
  );
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items[items.length - 1]!.seq : null };
}

const TEXT = /^[\p{L}\p{N}._:@\-/]{1,200}$/u;

/** The filter as the query gives it; anything malformed is ignored rather than echoed into SQL or the page. */
export function auditFilter(q: Record<string, string | undefined>): AuditFilter {
  const text = (v: string | undefined) => (v && TEXT.test(v.trim()) ? v.trim() : undefined);
  return {
    entityType: isEntityType(q['entity_type']) ? q['entity_type'] : undefined,
    entityId: text(q['entity_id']),
    type: text(q['type']),
    actor: text(q['actor']),
    from: q['from'] && isCalendarDate(q['from']) ? q['from'] : undefined,
    to: q['to'] && isCalendarDate(q['to']) ? q['to'] : undefined,
  };
}
