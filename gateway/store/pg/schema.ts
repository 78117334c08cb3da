// The store's tables in PostgreSQL (issue 7: workers on several machines share one database), column for column the
// SQLite schema of ../schema.ts: same table, column, index and constraint names; SQLite INTEGER milliseconds become
// bigint, 0/1 flags boolean, BLOB bytea, json_extract() generated columns jsonb paths. tests/store/pg-schema.test.ts
// holds the two schemas to each other. Triggers (audit chain, signature guards, counters) are in the custom migration.
import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, pgTable, primaryKey, smallint, text, unique, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ENTITY_TYPES, FILE_STATES, LISTED, SIGNATURE_RIGHTS, USER_ROLES } from '../schema.ts';

/** Milliseconds since the epoch, counts and sizes: SQLite's 64-bit INTEGER. */
const ms = (name: string) => bigint(name, { mode: 'number' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
/** A path into body_json, as SQLite's json_extract(body_json, '$.a.b') returns it (text, or null). */
const bodyPath = (...keys: string[]) => `(body_json::jsonb #>> '{${keys.join(',')}}')`;

export const files = pgTable(
  'files',
  {
    id: text('id').primaryKey(),
    mailbox: text('mailbox').notNull(),
    name: text('name').notNull(),
    claimId: text('claim_id').notNull().unique('files_claim_id_unique'),
    sha256: text('sha256').notNull(),
    size: ms('size').notNull(),
    state: text('state', { enum: FILE_STATES }).notNull(),
    format: text('format'),
    errorCode: text('error_code'),
    errorsJson: text('errors_json'),
    duplicateOf: text('duplicate_of').references((): AnyPgColumn => files.id),
    receivedAt: ms('received_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('files_sha256_idx').on(t.sha256),
    uniqueIndex('files_sha256_accepted_uq').on(t.sha256).where(sql.raw(`state <> 'rejected'`)),
    index('files_state_id_idx').on(t.state, t.id),
  ],
);

export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    fileId: text('file_id')
      .notNull()
      .references(() => files.id),
    seq: ms('seq').notNull(),
    line: ms('line'),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    docDate: text('doc_date').notNull(),
    amountMinor: text('amount_minor'),
    currency: text('currency'),
    bodyJson: text('body_json').notNull(),
    state: text('state').notNull(),
    issuesJson: text('issues_json'),
    createdAt: ms('created_at').notNull(),
    payerAccount: text('payer_account').generatedAlwaysAs(sql.raw(`coalesce(${bodyPath('payer', 'iban')}, ${bodyPath('fromIban')})`)),
    beneficiaryName: text('beneficiary_name').generatedAlwaysAs(sql.raw(bodyPath('beneficiary', 'name'))),
    beneficiaryBin: text('beneficiary_bin').generatedAlwaysAs(sql.raw(bodyPath('beneficiary', 'binIin'))),
    // SQLite's CAST saturates an amount beyond 2^63 (a 30-digit tenge sum is legal input): the same here, where a plain
    // cast would refuse the row and with it the whole file.
    amountInt: ms('amount_int').generatedAlwaysAs(
      sql.raw(
        `CASE WHEN amount_minor IS NULL THEN NULL WHEN amount_minor ~ '^-?[0-9]{1,18}$' THEN CAST(amount_minor AS bigint) WHEN amount_minor LIKE '-%' THEN -9223372036854775808 ELSE 9223372036854775807 END`,
      ),
    ),
  },
  (t) => [
    unique('documents_file_seq_uq').on(t.fileId, t.seq),
    index('documents_state_id_idx').on(t.state, t.id, t.docDate, t.payerAccount),
    index('documents_state_account_id_idx').on(t.state, t.payerAccount, t.id, t.docDate).where(sql.raw(LISTED)),
    index('documents_kind_id_idx').on(t.kind, t.id, t.state, t.docDate).where(sql.raw(LISTED)),
    index('documents_listed_id_idx').on(t.id, t.state, t.docDate, t.amountInt).where(sql.raw(LISTED)),
    index('documents_account_id_idx').on(t.payerAccount, t.id, t.state, t.docDate).where(sql.raw(LISTED)),
    index('documents_beneficiary_id_idx').on(t.beneficiaryName, t.id, t.state).where(sql.raw(LISTED)),
    index('documents_bin_id_idx').on(t.beneficiaryBin, t.id, t.state).where(sql.raw(LISTED)),
    index('documents_number_id_idx').on(t.number, t.id, t.state).where(sql.raw(LISTED)),
    index('documents_amount_id_idx').on(t.amountInt, t.id, t.state).where(sql.raw(LISTED)),
  ],
);

// Counters in shards (migration 0004): a state change adds to the shard of its database session, so writers on
// several connections do not queue on one counter row until commit; readers sum the shards.
export const documentCounts = pgTable(
  'document_counts',
  { state: text('state').notNull(), kind: text('kind').notNull(), shard: smallint('shard').notNull().default(0), n: ms('n').notNull() },
  (t) => [primaryKey({ name: 'document_counts_state_kind_shard_pk', columns: [t.state, t.kind, t.shard] })],
);

export const documentHours = pgTable('document_hours', { hour: ms('hour').primaryKey(), n: ms('n').notNull() });

export const beneficiaryNames = pgTable('beneficiary_names', {
  // SQLite's INTEGER PRIMARY KEY numbers rows itself: an identity column here.
  id: ms('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull().unique('beneficiary_names_name_unique'),
  n: ms('n').notNull(),
});

export const documentDayIds = pgTable('document_day_ids', { day: text('day').primaryKey(), minId: text('min_id').notNull(), maxId: text('max_id').notNull() });

export const events = pgTable(
  'events',
  {
    seq: ms('seq').primaryKey(),
    at: ms('at').notNull(),
    entityType: text('entity_type', { enum: ENTITY_TYPES }).notNull(),
    entityId: text('entity_id').notNull(),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    dataJson: text('data_json').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('events_entity_idx').on(t.entityType, t.entityId, t.seq)],
);

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  login: text('login').notNull().unique('users_login_unique'),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull(),
  failedLogins: ms('failed_logins').notNull().default(0),
  locked: boolean('locked').notNull().default(false),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull().default('user'),
  lockReason: text('lock_reason', { enum: ['admin', 'failed-logins'] }),
  lockedAt: ms('locked_at'),
  lockedUntil: ms('locked_until'),
  totpSecret: text('totp_secret'),
  totpLastStep: ms('totp_last_step'),
  lang: text('lang'),
});

export const webSessions = pgTable(
  'web_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    csrf: text('csrf').notNull(),
    createdAt: ms('created_at').notNull(),
    lastSeenAt: ms('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('web_sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    prefix: text('prefix').notNull(),
    label: text('label').notNull(),
    createdAt: ms('created_at').notNull(),
    lastUsedAt: ms('last_used_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const userRights = pgTable(
  'user_rights',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    account: text('account').notNull(),
    right: text('right', { enum: SIGNATURE_RIGHTS }).notNull(),
    canPrepare: boolean('can_prepare').notNull().default(false),
  },
  (t) => [primaryKey({ name: 'user_rights_user_id_account_pk', columns: [t.userId, t.account] })],
);

export const signingKeys = pgTable(
  'signing_keys',
  {
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    label: text('label').notNull(),
    tokenLabel: text('token_label'),
    tokenSerial: text('token_serial'),
    certificate: bytea('certificate').notNull(),
    fingerprint: text('fingerprint').notNull().unique('signing_keys_fingerprint_unique'),
    subject: text('subject').notNull(),
    iin: text('iin'),
    bin: text('bin'),
    notBefore: ms('not_before').notNull(),
    notAfter: ms('not_after').notNull(),
    userId: text('user_id').references(() => users.id),
    boundAt: ms('bound_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('signing_keys_user_idx').on(t.userId)],
);

export const signatures = pgTable(
  'signatures',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    seq: ms('seq').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    keyId: text('key_id')
      .notNull()
      .references(() => signingKeys.id),
    role: text('role').notNull(),
    signedSha256: text('signed_sha256').notNull(),
    cms: bytea('cms').notNull(),
    signingTime: ms('signing_time').notNull(),
    automatic: boolean('automatic').notNull().default(false),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [unique('signatures_doc_seq_uq').on(t.documentId, t.seq), unique('signatures_doc_user_uq').on(t.documentId, t.userId)],
);

export const bankSubmissions = pgTable(
  'bank_submissions',
  {
    documentId: text('document_id')
      .primaryKey()
      .references(() => documents.id),
    connector: text('connector').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique('bank_submissions_idempotency_key_unique'),
    payloadSha256: text('payload_sha256').notNull(),
    bankId: text('bank_id'),
    bankState: text('bank_state'),
    reasonJson: text('reason_json'),
    executionDate: text('execution_date'),
    entryBankId: text('entry_bank_id'),
    attempts: ms('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: ms('sent_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    reportedState: text('reported_state'),
  },
  (t) => [index('bank_submissions_state_idx').on(t.bankState)],
);

export const statementEntries = pgTable(
  'statement_entries',
  {
    bankId: text('bank_id').primaryKey(),
    account: text('account').notNull(),
    currency: text('currency').notNull(),
    bookingDate: text('booking_date').notNull(),
    direction: text('direction', { enum: ['credit', 'debit'] }).notNull(),
    amountMinor: text('amount_minor').notNull(),
    operationJson: text('operation_json').notNull(),
    documentId: text('document_id').references(() => documents.id),
    fetchedAt: ms('fetched_at').notNull(),
  },
  (t) => [index('statement_entries_account_date_idx').on(t.account, t.bookingDate), index('statement_entries_document_idx').on(t.documentId)],
);

export const statementCursors = pgTable('statement_cursors', {
  account: text('account').primaryKey(),
  currency: text('currency'),
  lastDate: text('last_date').notNull(),
  closingMinor: text('closing_minor'),
  updatedAt: ms('updated_at').notNull(),
});

export const exportsTable = pgTable('exports', {
  key: text('key').primaryKey(),
  mailbox: text('mailbox').notNull(),
  path: text('path').notNull(),
  sha256: text('sha256').notNull(),
  writtenAt: ms('written_at').notNull(),
});

export const inboxReplies = pgTable(
  'inbox_replies',
  {
    fileId: text('file_id')
      .primaryKey()
      .references(() => files.id),
    inboxJobId: text('inbox_job_id').notNull(),
    queue: text('queue').notNull(),
    replyTo: text('reply_to'),
    lang: text('lang').notNull(),
    createdAt: ms('created_at').notNull(),
    repliedAt: ms('replied_at'),
  },
  (t) => [index('inbox_replies_owed_idx').on(t.repliedAt)],
);
