// Drizzle table definitions for the durable store: received files, parsed documents, the audit chain.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, unique, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

export const FILE_STATES = ['received', 'parsed', 'invalid', 'rejected'] as const;
export type FileState = (typeof FILE_STATES)[number];

/** Document lifecycle (architecture.md 5); this issue enters the first three, later issues the rest. */
export const DOCUMENT_STATES = ['parsed', 'invalid', 'held', 'awaiting-signature', 'partially-signed', 'signed', 'queued', 'sent', 'accepted', 'executed', 'rejected', 'unknown-outcome'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const ENTITY_TYPES = ['file', 'document', 'system'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** One row per claimed file. Ids come from newId() in the repository (it also needs them for the audit event). */
export const files = sqliteTable(
  'files',
  {
    id: text('id').primaryKey(),
    mailbox: text('mailbox').notNull(),
    name: text('name').notNull(),
    /** The folder source's claim id: a restart finds the file it already recorded instead of recording it twice. */
    claimId: text('claim_id').notNull().unique(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    state: text('state', { enum: FILE_STATES }).notNull(),
    format: text('format'),
    errorCode: text('error_code'),
    /** JSON array of Issue. */
    errorsJson: text('errors_json'),
    duplicateOf: text('duplicate_of').references((): AnySQLiteColumn => files.id),
    receivedAt: integer('received_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('files_sha256_idx').on(t.sha256),
    // One accepted record per distinct content; duplicate copies are kept as 'rejected' rows pointing at it.
    // Unqualified column name: SQLite rejects table-qualified names inside a partial index's WHERE.
    uniqueIndex('files_sha256_accepted_uq').on(t.sha256).where(sql.raw(`state <> 'rejected'`)),
    index('files_state_id_idx').on(t.state, t.id),
  ],
);

/** One row per document parsed out of a file; the canonical document itself lives in body_json. */
export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    fileId: text('file_id')
      .notNull()
      .references(() => files.id),
    /** 0-based position in the file: together with file_id it makes re-inserting a parsed file a no-op. */
    seq: integer('seq').notNull(),
    line: integer('line'),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    /** 'YYYY-MM-DD' business date. */
    docDate: text('doc_date').notNull(),
    /** Decimal digits of a bigint (minor units): money is never a float. Null for kinds without an amount (letters). */
    amountMinor: text('amount_minor'),
    currency: text('currency'),
    bodyJson: text('body_json').notNull(),
    state: text('state').notNull(),
    /** JSON array of Issue found by the format and by validation (null when none). */
    issuesJson: text('issues_json'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    unique('documents_file_seq_uq').on(t.fileId, t.seq),
    index('documents_state_id_idx').on(t.state, t.id),
    index('documents_kind_id_idx').on(t.kind, t.id),
  ],
);

/**
 * Append-only, hash-chained audit log. `seq` is INTEGER PRIMARY KEY (the rowid) without AUTOINCREMENT:
 * appendEvent assigns last+1 itself so the sequence is gap-free. Triggers (migration audit_triggers)
 * refuse UPDATE and DELETE and any INSERT that does not extend the chain.
 */
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey(),
    at: integer('at').notNull(),
    entityType: text('entity_type', { enum: ENTITY_TYPES }).notNull(),
    entityId: text('entity_id').notNull(),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    dataJson: text('data_json').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // The dashboard timeline of one file or document.
  (t) => [index('events_entity_idx').on(t.entityType, t.entityId, t.seq)],
);
