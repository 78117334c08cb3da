// Accounts and balances: bigint minor units in code, TEXT digits in SQLite; a balance never goes below zero.
import { prepared, type SandboxDb } from './db.ts';

export interface AccountRow {
  iban: string;
  client_id: string;
  currency: string;
  /** Minor units as decimal digits. */
  balance: string;
  opened_at: string;
}

export function getAccount(db: SandboxDb, iban: string): AccountRow | null {
  return (prepared(db, 'SELECT * FROM accounts WHERE iban = ?').get(iban) as AccountRow | undefined) ?? null;
}

export function accountsOf(db: SandboxDb, clientId?: string): AccountRow[] {
  return (clientId === undefined
    ? prepared(db, 'SELECT * FROM accounts ORDER BY client_id, iban').all()
    : prepared(db, 'SELECT * FROM accounts WHERE client_id = ? ORDER BY iban').all(clientId)) as AccountRow[];
}

export function insertAccount(db: SandboxDb, a: { iban: string; client_id: string; currency: string; balance: bigint }, now: string): void {
  prepared(db, 'INSERT INTO accounts (iban, client_id, currency, balance, opened_at) VALUES (?, ?, ?, ?, ?)').run(a.iban, a.client_id, a.currency, a.balance.toString(), now);
}

export function balanceOf(db: SandboxDb, iban: string): bigint {
  const a = getAccount(db, iban);
  if (!a) throw new Error(`no account ${iban}`);
  return BigInt(a.balance);
}

/** Adds `delta` (negative for a debit); the caller checked funds, so a negative result is a bug and throws. */
export function moveBalance(db: SandboxDb, iban: string, delta: bigint): bigint {
  const next = balanceOf(db, iban) + delta;
  if (next < 0n) throw new Error(`balance of ${iban} would go below zero`);
  prepared(db, 'UPDATE accounts SET balance = ? WHERE iban = ?').run(next.toString(), iban);
  return next;
}
