// The admin bearer token: made at first start, kept in dataDir/admin-token (owner-only), compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

export function loadOrCreateAdminToken(dataDir: string): { token: string; tokenFile: string } {
  const tokenFile = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(tokenFile)) return { token: readFileSync(tokenFile, 'utf8').trim(), tokenFile };
  const token = randomBytes(32).toString('base64url');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, tokenFile };
}

/** Equal-length digests, so timingSafeEqual never throws and the length of the token leaks nothing. */
export function sameToken(given: string, expected: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(given), h(expected));
}
