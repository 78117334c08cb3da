// The store's SQL port for the PostgreSQL move (issue 7): one async interface over SQLite and PostgreSQL, so a repository
// is written once. SQL uses PostgreSQL's $1…$n placeholders and the common subset of both dialects; where they differ,
// the repository asks `dialect`. Repositories move onto it one by one (the audit log first: sql/audit-log.ts).

export type SqlValue = string | number | bigint | boolean | null | Buffer;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs fn in one transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE; PostgreSQL: its own
   * connection). fn gets the transaction's executor; calls on the outer one wait until it ends. Nested calls join.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
