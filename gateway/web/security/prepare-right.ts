// Who may prepare documents (FX orders from the dashboard): users whose right on the account is a signing right or
// 'none:prepare' — the exact account's entry over '*'; administrators never (they administer, they do not pay).
import type { Db } from '../../store/sql/executor.ts';
import { ANY_ACCOUNT, rightsOf, type RightRow, type UserRow } from '../../store/users-repo.ts';

export function rightRowOn(rights: readonly RightRow[], account: string): RightRow | undefined {
  return rights.find((r) => r.account === account) ?? rights.find((r) => r.account === ANY_ACCOUNT);
}

export async function canPrepareOn(db: Db, user: UserRow, account: string): Promise<boolean> {
  return user.role !== 'admin' && Boolean(rightRowOn(await rightsOf(db, user.id), account.toUpperCase())?.canPrepare);
}

/** Whether the user may prepare on some account at all (the form is shown only then). */
export async function canPrepareAny(db: Db, user: UserRow): Promise<boolean> {
  return user.role !== 'admin' && (await rightsOf(db, user.id)).some((r) => r.canPrepare);
}
