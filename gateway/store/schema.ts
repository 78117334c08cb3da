// Drizzle table definitions for the durable store: received files, parsed documents, the audit chain.
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, unique, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

export const FILE_STATES = ['received', 'parsed', 'invalid', 'rejected'] as const;
export type FileState = (typeof FILE_STATES)[number];

/** Document lifecycle (architecture.md 5); this issue enters the first three, later issues the rest. */
export const DOCUMENT_STATES = ['parsed', 'invalid', 'held', 'awaiting-signature', 'partially-signed', 'signed', 'queued', 'sent', 'accepted', 'executed', 'rejected', 'unknown-outcome'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const ENTITY_TYPES = ['file', 'document', 'system', 'user', 'key'] as const;
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

/** Rows of an import in progress are 'staging:<state>' (document-staging.ts): never listed, never counted. */
export const LISTED = `state NOT LIKE 'staging:%'`;

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
    // Search and filter columns of the dashboard (migration 0008), computed from body_json so every write path
    // keeps them right. VIRTUAL: nothing is stored in the row, only in the indexes below.
    /** The debited account: the payer's IBAN, or an FX order's `fromIban`. */
    payerAccount: text('payer_account').generatedAlwaysAs(sql`coalesce(json_extract(body_json, '$.payer.iban'), json_extract(body_json, '$.fromIban'))`, { mode: 'stored' }),
    /** Searched by fragment through beneficiary_names (the distinct names), then the documents on this index. */
    beneficiaryName: text('beneficiary_name').generatedAlwaysAs(sql`json_extract(body_json, '$.beneficiary.name')`, { mode: 'stored' }),
    beneficiaryBin: text('beneficiary_bin').generatedAlwaysAs(sql`json_extract(body_json, '$.beneficiary.binIin')`, { mode: 'stored' }),
    /** amount_minor as an integer for ranges (15 digits + 2 decimals stay far below 2^63). */
    amountInt: integer('amount_int').generatedAlwaysAs(sql`CAST(amount_minor AS INTEGER)`, { mode: 'stored' }),
  },
  (t) => [
    unique('documents_file_seq_uq').on(t.fileId, t.seq),
    index('documents_state_id_idx').on(t.state, t.id, t.docDate, t.payerAccount),
    // Keyset paging (ORDER BY id DESC, cursor = last id) under each filter that can lead a query. Partial: rows of an
    // import in progress are not in them, so a 100,000-document import never has to be skipped row by row. The
    // trailing state, doc_date (and account) make them covering for the partial condition and let a state, an account or
    // a date range be checked on the index entry, before the row is read. Each index costs every published document an
    // entry; state + account, the accountant's everyday "what is stuck on this account", has one of its own
    // (migration 0009): led by either alone, a common state on a busy account read ~20 rows per match.
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

/**
 * Documents per (state, kind), kept by triggers on documents (migration 0008): the overview and the list planner read
 * counts here instead of count(*) over a million rows. Rows of an import in progress ('staging:*') never count.
 */
export const documentCounts = sqliteTable('document_counts', {
  state: text('state').notNull(),
  kind: text('kind').notNull(),
  n: integer('n').notNull(),
}, (t) => [primaryKey({ columns: [t.state, t.kind] })]);

/** Listed documents per hour of creation (created_at / 3,600,000), kept by the same triggers: the overview's chart. */
export const documentHours = sqliteTable('document_hours', {
  hour: integer('hour').primaryKey(),
  n: integer('n').notNull(),
});

/**
 * Every distinct beneficiary name with its number of listed documents, kept by triggers (migration 0008). A name
 * search finds the names containing the fragment here (a company has thousands of beneficiaries, not millions: the
 * list stays in memory, document-list.ts) and then their documents on the name index. Rows are never deleted, so new
 * names are the ones above the highest id already read.
 */
export const beneficiaryNames = sqliteTable('beneficiary_names', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
  n: integer('n').notNull(),
});

/**
 * Smallest and largest document id per business date (doc_date), widened by an insert trigger and never narrowed: a
 * date filter becomes an id range, so keyset paging over a date range starts and stops at the right place.
 */
export const documentDayIds = sqliteTable('document_day_ids', {
  day: text('day').primaryKey(),
  minId: text('min_id').notNull(),
  maxId: text('max_id').notNull(),
});

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

/** Signature rights (EBICS classes, architecture.md 6): single = E, first = A, second = B, none = view or prepare. */
export const SIGNATURE_RIGHTS = ['single', 'first', 'second', 'none'] as const;
export type SignatureRight = (typeof SIGNATURE_RIGHTS)[number];

/** Roles: admins administer users and never sign; users sign and prepare per their rights. */
export const USER_ROLES = ['admin', 'user'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** People who log in (dashboard) and sign. Passwords are argon2id hashes; an initial password must be changed. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Lower-case, unique. */
  login: text('login').notNull().unique(),
  name: text('name').notNull(),
  /** argon2id PHC string ('$argon2id$v=19$m=…,t=…,p=…$salt$hash'); legacy 'scrypt$N$r$p$salt$hash' until the next login rehashes it. */
  passwordHash: text('password_hash').notNull(),
  /** The password is a one-time initial one (users add / reset): it must be changed at the next login. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull(),
  failedLogins: integer('failed_logins').notNull().default(0),
  /** Locked by [auth] max_failed_logins wrong passwords or by an admin; unlock resets failed_logins. */
  locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull().default('user'),
  /** Why the account is locked: only 'failed-logins' locks unlock themselves ([auth] auto_unlock_minutes). */
  lockReason: text('lock_reason', { enum: ['admin', 'failed-logins'] }),
  lockedAt: integer('locked_at'),
  /** A lock that ends by itself whatever the configuration says: the last admin is never locked out for good. */
  lockedUntil: integer('locked_until'),
  /** Base32 TOTP secret (RFC 6238). Stored as is because the server must compute codes; never logged or audited. */
  totpSecret: text('totp_secret'),
  /** The last accepted TOTP time step: a code of this step or an earlier one is refused (no replay). */
  totpLastStep: integer('totp_last_step'),
  /** Dashboard language the user chose last ('kk' | 'ru' | 'en'); null: taken from the browser. */
  lang: text('lang'),
});

/**
 * Dashboard sessions. The cookie carries a random 256-bit token; only its SHA-256 is stored, so a copy of the database
 * opens no session. Idle and absolute timeouts are checked on every request (ASVS 7.3.1/7.3.2); logout deletes the row.
 */
export const webSessions = sqliteTable(
  'web_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** Anti-forgery token for forms and JSON calls of this session (ASVS 3.5.1). */
    csrf: text('csrf').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('web_sessions_user_idx').on(t.userId)],
);

/** Personal API tokens (`bankgate users token LOGIN`): Bearer access to the JSON API with that user's rights; stored hashed. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** The first characters of the token, shown in lists so a user can tell tokens apart. */
    prefix: text('prefix').notNull(),
    label: text('label').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** A user's right per account (IBAN) or '*' for every account of the company; the exact account wins over '*'. */
export const userRights = sqliteTable(
  'user_rights',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    account: text('account').notNull(),
    right: text('right', { enum: SIGNATURE_RIGHTS }).notNull(),
    /** For right 'none': may prepare (create, edit) documents, not only view them. */
    canPrepare: integer('can_prepare', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.userId, t.account] })],
);

/** Keys (certificates) the gateway knows, each bound to at most one user; the private key stays with its provider. */
export const signingKeys = sqliteTable(
  'signing_keys',
  {
    /** The provider's stable key id ('software:<cert sha256>', 'pkcs11:<token serial>:<CKA_ID>'). */
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    label: text('label').notNull(),
    tokenLabel: text('token_label'),
    tokenSerial: text('token_serial'),
    certificate: blob('certificate', { mode: 'buffer' }).notNull(),
    fingerprint: text('fingerprint').notNull().unique(),
    subject: text('subject').notNull(),
    iin: text('iin'),
    bin: text('bin'),
    notBefore: integer('not_before').notNull(),
    notAfter: integer('not_after').notNull(),
    userId: text('user_id').references(() => users.id),
    boundAt: integer('bound_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('signing_keys_user_idx').on(t.userId)],
);

/** Signatures on documents: at most two per document, one per user, each a detached CMS over the signed bytes. */
export const signatures = sqliteTable(
  'signatures',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    /** 1 or 2: the order signatures were added. */
    seq: integer('seq').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    keyId: text('key_id')
      .notNull()
      .references(() => signingKeys.id),
    /** The role this signature plays in the set: single, first or second. */
    role: text('role').notNull(),
    /** SHA-256 (hex) of the exact bytes signed (signer/signed-bytes.ts). */
    signedSha256: text('signed_sha256').notNull(),
    cms: blob('cms', { mode: 'buffer' }).notNull(),
    signingTime: integer('signing_time').notNull(),
    /** 1 when made by automatic signing (no person), an audited exception. */
    automatic: integer('automatic', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [unique('signatures_doc_seq_uq').on(t.documentId, t.seq), unique('signatures_doc_user_uq').on(t.documentId, t.userId)],
);

/**
 * One row per document handed to a bank connector. The row (with its idempotency key) is committed BEFORE the
 * connector is called, so a crash in between is resolved by asking the bank, never by sending blindly (EBICS
 * lesson, reliability-security.md 2: persist "send started" before talking to the bank).
 */
export const bankSubmissions = sqliteTable(
  'bank_submissions',
  {
    documentId: text('document_id')
      .primaryKey()
      .references(() => documents.id),
    connector: text('connector').notNull(),
    /** Stable per document: a resend after a lost answer carries the same key, so the bank makes one payment. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** SHA-256 of the payload sent (the signed bytes). */
    payloadSha256: text('payload_sha256').notNull(),
    bankId: text('bank_id'),
    /** received | accepted | executed | rejected as the bank last said; null until it answered. */
    bankState: text('bank_state'),
    /** JSON {code, ru, kk, en} of a rejection. */
    reasonJson: text('reason_json'),
    executionDate: text('execution_date'),
    entryBankId: text('entry_bank_id'),
    /** Times the gateway asked the bank (submit or status). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: integer('sent_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Set once the per-document status file for 1C is written for the current bank state. */
    reportedState: text('reported_state'),
  },
  (t) => [index('bank_submissions_state_idx').on(t.bankState)],
);

/** Statement operations as the bank books them: stored once per bank id however often statements are fetched. */
export const statementEntries = sqliteTable(
  'statement_entries',
  {
    bankId: text('bank_id').primaryKey(),
    account: text('account').notNull(),
    currency: text('currency').notNull(),
    bookingDate: text('booking_date').notNull(),
    direction: text('direction', { enum: ['credit', 'debit'] }).notNull(),
    amountMinor: text('amount_minor').notNull(),
    /** The StatementOperation (bigint-safe JSON). */
    operationJson: text('operation_json').notNull(),
    /** Our document this entry books, when it is one of ours. */
    documentId: text('document_id').references(() => documents.id),
    fetchedAt: integer('fetched_at').notNull(),
  },
  // by document: the dashboard's timeline of one document.
  (t) => [index('statement_entries_account_date_idx').on(t.account, t.bookingDate), index('statement_entries_document_idx').on(t.documentId)],
);

/** Per account: the last business date whose statement was fetched completely (gap filling starts after it). */
export const statementCursors = sqliteTable('statement_cursors', {
  account: text('account').primaryKey(),
  currency: text('currency'),
  lastDate: text('last_date').notNull(),
  /** Balances of the last fetched statement (decimal digits of minor units). */
  closingMinor: text('closing_minor'),
  updatedAt: integer('updated_at').notNull(),
});

/** Files written into a mailbox's out/ for 1C: each written once (a re-run of an export does not duplicate). */
export const exportsTable = sqliteTable('exports', {
  /** What was exported: 'statement:<account>:<from>:<to>', 'status:<documentId>:<state>', 'fx:<dealId>', 'letter:<bankId>'. */
  key: text('key').primaryKey(),
  mailbox: text('mailbox').notNull(),
  path: text('path').notNull(),
  sha256: text('sha256').notNull(),
  writtenAt: integer('written_at').notNull(),
});

/**
 * Files handed over through the inbox queue whose reply is owed (gateway/inbox/queue-inbox.ts): the store remembers the
 * reply's ids so a reply waiting in a Redis that came back empty is asked for again (pipeline/reconcile.ts).
 */
export const inboxReplies = sqliteTable(
  'inbox_replies',
  {
    fileId: text('file_id')
      .primaryKey()
      .references(() => files.id),
    /** The inbox job's id (the reply's job id and the await job's id). */
    inboxJobId: text('inbox_job_id').notNull(),
    /** The inbox queue the job came from (its await queue is `<queue>:await`). */
    queue: text('queue').notNull(),
    replyTo: text('reply_to'),
    lang: text('lang').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Set once the reply job was added; null while it is owed. */
    repliedAt: integer('replied_at'),
  },
  (t) => [index('inbox_replies_owed_idx').on(t.repliedAt)],
);
