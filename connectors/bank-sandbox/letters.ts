// Free-form letters both ways (kz-formats.md 5.4): the client sends with an Idempotency-Key (the same key returns the
// same letter, a different letter under it is refused); the bank's letters come from the admin.
import { createHash } from 'node:crypto';
import type { LetterJson } from '../bank-api/contract.ts';
import { isoAt } from './clock.ts';
import type { SandboxCore } from './core.ts';
import { prepared, tx } from './db.ts';
import { bankId } from './ids.ts';

export interface LetterInput {
  subject: string;
  body: string;
  attachments: { name: string; content_b64: string }[];
}

interface LetterRow {
  bank_id: string;
  client_id: string;
  direction: LetterJson['direction'];
  subject: string;
  body: string;
  attachments: string;
  created_at: string;
  idempotency_key: string | null;
  request_sha256: string | null;
}

function json(r: LetterRow): LetterJson {
  return { bank_id: r.bank_id, direction: r.direction, subject: r.subject, body: r.body, attachments: JSON.parse(r.attachments) as LetterJson['attachments'], created_at: r.created_at };
}

function insert(core: SandboxCore, row: LetterRow): void {
  prepared(core.db, 'INSERT INTO letters (bank_id, client_id, direction, subject, body, attachments, created_at, idempotency_key, request_sha256) VALUES (@bank_id, @client_id, @direction, @subject, @body, @attachments, @created_at, @idempotency_key, @request_sha256)')
    .run(row);
}

export type SendOutcome = { type: 'letter'; letter: LetterJson; replayed: boolean } | { type: 'mismatch'; bankId: string };

export function receiveLetter(core: SandboxCore, clientId: string, idempotencyKey: string, l: LetterInput): SendOutcome {
  const hash = createHash('sha256').update(JSON.stringify([l.subject, l.body, l.attachments.map((a) => [a.name, a.content_b64])])).digest('hex');
  return tx(core.db, (): SendOutcome => {
    const seen = prepared(core.db, 'SELECT * FROM letters WHERE client_id = ? AND idempotency_key = ?').get(clientId, idempotencyKey) as LetterRow | undefined;
    if (seen) return seen.request_sha256 === hash ? { type: 'letter', letter: json(seen), replayed: true } : { type: 'mismatch', bankId: seen.bank_id };
    const now = core.clock.now();
    const row: LetterRow = { bank_id: bankId('letter', now), client_id: clientId, direction: 'to-bank', subject: l.subject, body: l.body, attachments: JSON.stringify(l.attachments), created_at: isoAt(now), idempotency_key: idempotencyKey, request_sha256: hash };
    insert(core, row);
    return { type: 'letter', letter: json(row), replayed: false };
  });
}

export function bankLetter(core: SandboxCore, clientId: string, l: LetterInput): LetterJson {
  const now = core.clock.now();
  const row: LetterRow = { bank_id: bankId('letter', now), client_id: clientId, direction: 'from-bank', subject: l.subject, body: l.body, attachments: JSON.stringify(l.attachments), created_at: isoAt(now), idempotency_key: null, request_sha256: null };
  insert(core, row);
  return json(row);
}

/** Both directions, created at or after `since`, oldest first. */
export function lettersSince(core: SandboxCore, clientId: string, since: string): LetterJson[] {
  const rows = prepared(core.db, 'SELECT * FROM letters WHERE client_id = ? AND created_at >= ? ORDER BY created_at, seq').all(clientId, since) as LetterRow[];
  return rows.map(json);
}
