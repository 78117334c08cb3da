// Personal API tokens by login, each issue and revocation audited: the audit data names the token's prefix, never the token.
import { GatewayError } from '../core/errors.ts';
import { appendEventTx } from '../store/sql/audit-log.ts';
import type { Db } from '../store/sql/executor.ts';
import { requireUser } from '../store/users-repo.ts';
import { apiTokensOf, createApiToken, deleteApiTokensOf, type ApiTokenRow } from '../store/web-sessions-repo.ts';

export const MAX_TOKEN_LABEL = 100;

/** A new `bgt_…` token for the user, returned once: only its hash is stored. */
export async function issueApiToken(db: Db, login: string, label: string, actor: string): Promise<{ token: string; row: ApiTokenRow }> {
  const u = await requireUser(db, login);
  const text = label.trim();
  if (text.length > MAX_TOKEN_LABEL) throw new GatewayError('AUTH_BAD_INPUT', `the token label is longer than ${MAX_TOKEN_LABEL} characters`);
  // A locked account's tokens do not work anyway; handing out a new one would only hide that.
  if (u.locked) throw new GatewayError('AUTH_BAD_INPUT', `'${u.login}' is locked; unlock it first (bankgate users unlock ${u.login})`);
  return db.transaction(async (tx) => {
    const made = await createApiToken(tx, u.id, text);
    await appendEventTx(tx, { entityType: 'user', entityId: u.id, type: 'user.token-created', actor, at: made.row.createdAt, data: { prefix: made.row.prefix, label: text } });
    return made;
  });
}

/** The user's tokens, oldest first (hashes stay inside: callers show prefix, label and times). */
export async function listApiTokens(db: Db, login: string): Promise<ApiTokenRow[]> {
  const u = await requireUser(db, login);
  return (await apiTokensOf(db, u.id)).sort((a, b) => a.createdAt - b.createdAt);
}

/** Removes every token of the user; returns how many there were. */
export async function revokeApiTokens(db: Db, login: string, actor: string): Promise<number> {
  const u = await requireUser(db, login);
  return db.transaction(async (tx) => {
    const removed = await deleteApiTokensOf(tx, u.id);
    await appendEventTx(tx, { entityType: 'user', entityId: u.id, type: 'user.tokens-revoked', actor, at: tx.clock.now(), data: { count: removed } });
    return removed;
  });
}
