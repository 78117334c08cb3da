// `bankgate users add|list|reset|lock|unlock|totp|token|tokens`: user administration; add, reset and token print a secret once.
import { issueApiToken, listApiTokens, revokeApiTokens } from '../auth/api-tokens.ts';
import { addUser, enrolTotp, lockUser, removeTotp, resetPassword, unlockUser } from '../auth/users.ts';
import { listUsers, rightsOf } from '../store/users-repo.ts';
import { cliActor, openAdminStore } from './admin-store.ts';
import { printJson, reportError } from './output.ts';

interface Globals {
  config?: string;
}

function envelope(login: string, name: string, password: string): string {
  // Like the seed's PIN envelope: shown once, never stored in clear, must be changed at first login.
  return [
    `user:     ${login} (${name})`,
    `password: ${password}`,
    'This one-time password is shown only now. Hand it over privately; it must be changed at the first login.',
  ].join('\n');
}

export async function runUsersAdd(login: string, o: Globals & { name: string; right?: string[]; admin?: boolean; json?: boolean }): Promise<number> {
  try {
    const { store } = (await openAdminStore(o));
    try {
      const { user, password } = await addUser(store.sql, { login, name: o.name, rights: o.right ?? [], actor: cliActor(), admin: Boolean(o.admin) });
      if (o.json) printJson({ login: user.login, name: user.name, role: user.role, password, mustChangePassword: true, rights: await rightsOf(store.sql, user.id) });
      else console.log(envelope(user.login, user.name, password));
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}

export async function runUsersReset(login: string, o: Globals & { json?: boolean }): Promise<number> {
  try {
    const { store } = (await openAdminStore(o));
    try {
      const password = await resetPassword(store.sql, login, cliActor());
      if (o.json) printJson({ login: login.toLowerCase(), password, mustChangePassword: true });
      else console.log(envelope(login.toLowerCase(), 'password reset, account unlocked', password));
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}

export async function runUsersLock(login: string, lock: boolean, o: Globals): Promise<number> {
  try {
    const { store } = (await openAdminStore(o));
    try {
      await (lock ? lockUser : unlockUser)(store.sql, login, cliActor());
      console.log(`${login.toLowerCase()}: ${lock ? 'locked' : 'unlocked'}`);
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}

export async function runUsersList(o: Globals & { json?: boolean }): Promise<number> {
  try {
    const { store } = (await openAdminStore(o));
    try {
      const rows = [];
      for (const u of await listUsers(store.sql)) {
        rows.push({
          login: u.login,
          name: u.name,
          role: u.role,
          totp: u.totpSecret !== null,
          locked: u.locked,
          mustChangePassword: u.mustChangePassword,
          failedLogins: u.failedLogins,
          rights: (await rightsOf(store.sql, u.id)).map((r) => ({ account: r.account, right: r.right, canPrepare: r.canPrepare })),
        });
      }
      if (o.json) {
        printJson({ users: rows });
        return 0;
      }
      if (rows.length === 0) console.log('no users (add one: bankgate users add LOGIN --name "..." --right "*=single")');
      for (const u of rows) {
        const flags = [u.locked ? 'LOCKED' : null, u.mustChangePassword ? 'initial password' : null, u.totp ? 'TOTP' : null].filter(Boolean).join(', ');
        const rights = u.role === 'admin' ? 'admin (manages users, cannot sign)' : u.rights.map((r) => `${r.account}=${r.right}${r.right === 'none' && r.canPrepare ? ':prepare' : ''}`).join(' ') || 'no rights (view only)';
        console.log(`${u.login.padEnd(16)} ${u.name.padEnd(28)} ${rights}${flags ? `  [${flags}]` : ''}`);
      }
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}

/** Enrols (prints the otpauth:// URI and secret once) or, with --off, removes a user's TOTP second factor. */
export async function runUsersTotp(login: string, o: Globals & { off?: boolean; json?: boolean }): Promise<number> {
  try {
    const { store } = (await openAdminStore(o));
    try {
      const name = login.toLowerCase();
      if (o.off) {
        await removeTotp(store.sql, login, cliActor());
        console.log(`${name}: one-time codes removed`);
        return 0;
      }
      const { secret, uri } = await enrolTotp(store.sql, login, cliActor());
      if (o.json) printJson({ login: name, secret, uri });
      else {
        console.log(
          [
            `user:   ${name}`,
            `uri:    ${uri}`,
            `secret: ${secret}`,
            'Add it to an authenticator app (scan the URI as a QR code or type the secret). Shown only now; the login then asks for the 6-digit code.',
          ].join('\n'),
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}

/** Prints a new personal API token once (`Authorization: Bearer …` on /api/v1/*), or with --revoke removes them all. */
export async function runUsersToken(login: string, o: Globals & { label?: string; revoke?: boolean; json?: boolean }): Promise<number> {
  try {
    const { store } = (await openAdminStore(o));
    try {
      const name = login.toLowerCase();
      if (o.revoke) {
        const count = await revokeApiTokens(store.sql, login, cliActor());
        if (o.json) printJson({ login: name, revoked: count });
        else console.log(`${name}: ${count} API token${count === 1 ? '' : 's'} revoked`);
        return 0;
      }
      const { token, row } = await issueApiToken(store.sql, login, o.label ?? '', cliActor());
      if (o.json) printJson({ login: name, token, prefix: row.prefix, label: row.label, createdAt: new Date(row.createdAt).toISOString() });
      else {
        console.log(
          [
            `user:  ${name}${row.label ? ` (${row.label})` : ''}`,
            `token: ${token}`,
            'Shown only now, stored only as a hash; it acts with this user\'s rights. Send it as "Authorization: Bearer <token>" to /api/v1/*.',
            `Revoke: bankgate users token ${name} --revoke`,
          ].join('\n'),
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}

/** Lists a user's API tokens by prefix, label, creation and last use (the tokens themselves are not kept). */
export async function runUsersTokens(login: string, o: Globals & { json?: boolean }): Promise<number> {
  try {
    const { store } = (await openAdminStore(o));
    try {
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      const rows = (await listApiTokens(store.sql, login)).map((r) => ({ prefix: r.prefix, label: r.label, createdAt: iso(r.createdAt), lastUsedAt: iso(r.lastUsedAt) }));
      if (o.json) {
        printJson({ login: login.toLowerCase(), tokens: rows });
        return 0;
      }
      if (rows.length === 0) console.log(`${login.toLowerCase()}: no API tokens (make one: bankgate users token ${login.toLowerCase()} --label "…")`);
      for (const r of rows) console.log(`${r.prefix}…  ${(r.label || '-').padEnd(24)} created ${r.createdAt}  last used ${r.lastUsedAt ?? 'never'}`);
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}
