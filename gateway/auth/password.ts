// Password hashing (argon2id PHC strings; legacy scrypt hashes still verify) and one-time initial passwords.
import { randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';

/** argon2id cost: memory in KiB, passes, lanes (the `m=`, `t=`, `p=` of the PHC string). */
export interface PasswordParams {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP password storage cheat sheet: argon2id m=19 MiB, t=2, p=1. */
export const DEFAULT_PASSWORD_PARAMS: PasswordParams = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

// Algorithm.Argon2id of @node-rs/argon2: its ambient const enum cannot be read under isolatedModules.
const ARGON2ID = 2;

export async function hashPassword(password: string, params: PasswordParams = DEFAULT_PASSWORD_PARAMS): Promise<string> {
  return hash(password.normalize('NFC'), { ...params, algorithm: ARGON2ID });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const pw = password.normalize('NFC');
  if (stored.startsWith('scrypt$')) return verifyScrypt(pw, stored);
  if (!stored.startsWith('$argon2')) return false;
  try {
    return await verify(stored, pw);
  } catch {
    return false; // a malformed stored hash is a failed check, not a crash
  }
}

/** True when the stored hash is not argon2id or is cheaper than `params`: rehash it after a good login. */
export function needsRehash(stored: string, params: PasswordParams = DEFAULT_PASSWORD_PARAMS): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    const o = parseOptions(stored);
    return o.memoryCost < params.memoryCost || o.timeCost < params.timeCost;
  } catch {
    return true;
  }
}

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (e, key) => (e ? reject(e) : resolve(key))));

/** Hashes written before argon2id: 'scrypt$N$r$p$salt$hash' (base64 parts). */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, expectedB64] = stored.split('$');
  if (!salt || !expectedB64) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(expectedB64, 'base64');
  try {
    const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { ...params, maxmem: 256 * params.N * params.r });
    return key.length === expected.length && timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

// No 0/O, 1/l/I: the password is read off a screen or paper and typed by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random initial password, 12 characters in groups of four: ~70 bits. */
export function initialPassword(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
