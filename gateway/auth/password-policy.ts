// Rules for passwords users choose: configured length, not a common password, not the login, not the current one.
import { readFileSync } from 'node:fs';
import { GatewayError } from '../core/errors.ts';
import type { PasswordPolicy } from './config.ts';

let common: Set<string> | undefined;

/** The shipped common-password list (lower case), read once on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

export function isCommonPassword(password: string): boolean {
  // Case-insensitive: 'Password1' is as guessable as 'password1'.
  return commonPasswords().has(password.normalize('NFC').toLowerCase());
}

/** Throws AUTH_PASSWORD_POLICY naming the broken rule; lengths count characters (code points), not bytes. */
export function checkNewPassword(policy: PasswordPolicy, next: string, ctx: { login: string; current?: string }): void {
  const pw = next.normalize('NFC');
  const length = [...pw].length;
  const fail = (rule: string, message: string) => {
    throw new GatewayError('AUTH_PASSWORD_POLICY', message, { rule });
  };
  if (length < policy.min_length) fail('min-length', `the new password has ${length} characters; at least ${policy.min_length} are required`);
  if (length > policy.max_length) fail('max-length', `the new password has ${length} characters; at most ${policy.max_length} are allowed`);
  if (pw.toLowerCase() === ctx.login.trim().toLowerCase()) fail('login', 'the new password must not be the login name');
  if (ctx.current !== undefined && pw === ctx.current.normalize('NFC')) fail('same', 'the new password must differ from the current one');
  if (isCommonPassword(pw)) fail('common', 'the new password is on the list of common passwords; choose a less guessable one (a few unrelated words work well)');
}
