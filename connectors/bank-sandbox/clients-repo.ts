// Clients of the sandbox bank: name, BIN, the SHA-256 of their bearer token and their signature policy rules.
import { createHash, randomBytes } from 'node:crypto';
import type { PolicyRuleConfig } from '../../signer/config.ts';
import { prepared, type SandboxDb } from './db.ts';

export interface ClientRow {
  client_id: string;
  name: string;
  bin: string;
  token_sha256: string;
  policies: string;
  created_at: string;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function getClient(db: SandboxDb, clientId: string): ClientRow | null {
  return (prepared(db, 'SELECT * FROM clients WHERE client_id = ?').get(clientId) as ClientRow | undefined) ?? null;
}

/** Looked up by hash: the comparison never touches the token itself, so it leaks nothing through timing. */
export function clientByToken(db: SandboxDb, token: string): ClientRow | null {
  return (prepared(db, 'SELECT * FROM clients WHERE token_sha256 = ?').get(tokenHash(token)) as ClientRow | undefined) ?? null;
}

export function upsertClient(db: SandboxDb, c: { client_id: string; name: string; bin: string; token: string | null }, now: string): void {
  if (getClient(db, c.client_id)) {
    prepared(db, 'UPDATE clients SET name = ?, bin = ? WHERE client_id = ?').run(c.name, c.bin, c.client_id);
    if (c.token !== null) prepared(db, 'UPDATE clients SET token_sha256 = ? WHERE client_id = ?').run(tokenHash(c.token), c.client_id);
    return;
  }
  prepared(db, 'INSERT INTO clients (client_id, name, bin, token_sha256, created_at) VALUES (?, ?, ?, ?, ?)').run(c.client_id, c.name, c.bin, tokenHash(c.token ?? newToken()), now);
}

export function setPolicies(db: SandboxDb, clientId: string, rules: readonly PolicyRuleConfig[]): void {
  prepared(db, 'UPDATE clients SET policies = ? WHERE client_id = ?').run(JSON.stringify(rules), clientId);
}

export function policiesOf(client: ClientRow): PolicyRuleConfig[] {
  return JSON.parse(client.policies) as PolicyRuleConfig[];
}
