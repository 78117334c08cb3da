// The sandbox bank's SQLite schema, one SQL step per PRAGMA user_version. Money is TEXT digits of minor units, never REAL.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    bin TEXT NOT NULL,
    -- SHA-256 of the bearer token: the token itself is never stored.
    token_sha256 TEXT NOT NULL UNIQUE,
    -- signer/config.ts policy rules (JSON array); the default rule (single or first+second) always applies last.
    policies TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
  );
  CREATE TABLE accounts (
    iban TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(client_id),
    currency TEXT NOT NULL,
    balance TEXT NOT NULL CHECK (balance GLOB '[0-9]*' AND balance NOT GLOB '*[^0-9]*'),
    opened_at TEXT NOT NULL
  );
  CREATE TABLE certificates (
    fingerprint TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(client_id),
    user TEXT NOT NULL,
    pem TEXT NOT NULL,
    subject TEXT NOT NULL,
    registered_at TEXT NOT NULL
  );
  CREATE TABLE certificate_rights (
    fingerprint TEXT NOT NULL REFERENCES certificates(fingerprint) ON DELETE CASCADE,
    account TEXT NOT NULL,
    sig_right TEXT NOT NULL CHECK (sig_right IN ('single', 'first', 'second')),
    PRIMARY KEY (fingerprint, account)
  );
  CREATE TABLE documents (
    bank_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(client_id),
    idempotency_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('documents', 'fx')),
    client_document_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    doc_date TEXT NOT NULL,
    payer_account TEXT,
    document TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'executed', 'rejected')),
    reason TEXT,
    received_at TEXT NOT NULL,
    execution_date TEXT,
    execute_at INTEGER,
    executed_at TEXT,
    entry_bank_id TEXT,
    UNIQUE (client_id, idempotency_key)
  );
  CREATE INDEX documents_due ON documents(status, execute_at);
  CREATE INDEX documents_identity ON documents(payer_account, number, doc_date);
  CREATE TABLE entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    bank_id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL REFERENCES accounts(iban),
    booking_date TEXT NOT NULL,
    value_date TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('credit', 'debit')),
    amount TEXT NOT NULL CHECK (amount GLOB '[0-9]*' AND amount NOT GLOB '*[^0-9]*'),
    currency TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    knp TEXT,
    purpose TEXT NOT NULL,
    document_number TEXT NOT NULL,
    document_date TEXT NOT NULL,
    document_kind TEXT NOT NULL,
    document_bank_id TEXT,
    client_document_id TEXT,
    booked_at TEXT NOT NULL
  );
  CREATE INDEX entries_account ON entries(account, booking_date, seq);
  CREATE TABLE fx_deals (
    deal_id TEXT PRIMARY KEY,
    order_bank_id TEXT NOT NULL UNIQUE REFERENCES documents(bank_id),
    client_id TEXT NOT NULL,
    confirmation TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
  );
  CREATE INDEX fx_deals_since ON fx_deals(client_id, confirmed_at);
  CREATE TABLE letters (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    bank_id TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL REFERENCES clients(client_id),
    direction TEXT NOT NULL CHECK (direction IN ('to-bank', 'from-bank')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attachments TEXT NOT NULL,
    created_at TEXT NOT NULL,
    idempotency_key TEXT,
    request_sha256 TEXT
  );
  CREATE UNIQUE INDEX letters_idempotency ON letters(client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX letters_since ON letters(client_id, created_at);
  `,
];
