// The store's SQL port (issue 7): one async interface over SQLite and PostgreSQL, so a repository is written once.
// SQL uses PostgreSQL's $1…$n placeholders and the common subset of both dialects; where they differ, the repository
// asks `dialect`. Rows come back as the database names them: select camelCase aliases ("claimId") to skip a mapper.
import type { Clock } from '../../core/clock.ts';
import type { PreparedEvent } from '../audit.ts';

export type SqlValue = string | number | bigint | boolean | null | Buffer;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  all<T extends object = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T extends object = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs fn in one transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE; PostgreSQL: its own
   * connection and a transaction-scoped advisory lock). fn gets the transaction's executor; calls on the outer one wait
   * until it ends. A nested call is a savepoint: when it throws, only its own writes roll back.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, opts?: TxOptions): Promise<T>;
  close(): Promise<void>;
  /**
   * PostgreSQL transactions only: audit events to chain in the commit's round trip (sql/audit-log.ts), so the chain's
   * end is locked for one round trip instead of from the first append to the commit.
   */
  deferEvent?(ev: PreparedEvent): void;
}

/**
 * How a transaction keeps others out. 'store' (the default): alone, as SQLite always is. 'rows': beside other 'rows'
 * transactions (PostgreSQL; still apart from every 'store' one), which it must not disturb: it locks each row it
 * reads to decide a write (forUpdate) and touches only rows of its own entity. For the hot paths of the scale-out
 * (submission, bank answers); a 'store' transaction inside a 'rows' one is a bug.
 */
export interface TxOptions {
  lock?: 'store' | 'rows';
}

export const ROWS: TxOptions = { lock: 'rows' };

/** " FOR UPDATE" on PostgreSQL (a 'rows' transaction's read that a write depends on), nothing on SQLite (one writer). */
export const forUpdate = (sql: SqlExecutor): string => (sql.dialect === 'postgres' ? ' FOR UPDATE' : '');

/** The store as repositories see it: the SQL port plus the clock and the durability levels of a commit. */
export interface Db extends SqlExecutor {
  readonly clock: Clock;
  transaction<T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions): Promise<T>;
  /**
   * A transaction whose commit has reached the disk when this resolves (SQLite: synchronous=FULL for this commit;
   * PostgreSQL: the commit, then a wait for the WAL flush outside its locks; pg-db.ts). Use it for commits that
   * acknowledge something.
   * Inside a transaction it is a savepoint of a durable one, and a bug inside any other.
   */
  durable<T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions): Promise<T>;
  /**
   * Like durable, for the hot path: on SQLite calls made in the same event-loop turn share one commit (each in its
   * own savepoint, so one that throws rolls back alone) and one fsync of the WAL off the main thread.
   */
  durableAsync<T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions): Promise<T>;
  /** Resolves once everything committed so far is on disk. */
  walBarrier(): Promise<void>;
  /** True inside a transaction's executor. */
  readonly inTransaction: boolean;
}
