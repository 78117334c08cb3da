// PKCS#12 password-based key derivation (RFC 7292 appendix B.2) for PBE keys, IVs and MAC keys.
// Why: Node exposes no such KDF; it is built here from node:crypto hashes.
import { createHash } from 'node:crypto';

/** Purpose byte ID of RFC 7292 B.3. */
export const KDF_KEY = 1;
export const KDF_IV = 2;
export const KDF_MAC = 3;

/** Hash output (u) and block (v) sizes in bytes, RFC 7292 B.2. */
const SIZES: Record<string, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

export type Pkcs12KdfHash = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** RFC 7292 B.1: the password as a BMPString (UTF-16 big-endian) with a two-byte NUL terminator. */
export function bmpPassword(password: string): Buffer {
  const le = Buffer.from(password + '\0', 'utf16le');
  return le.swap16();
}

function repeatTo(src: Uint8Array, v: number): Buffer {
  if (src.length === 0) return Buffer.alloc(0);
  const out = Buffer.alloc(v * Math.ceil(src.length / v));
  for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
  return out;
}

/** Derives `n` bytes for purpose `id` (1 key, 2 IV, 3 MAC key), RFC 7292 B.2 steps 1-8. */
export function pkcs12Kdf(hash: Pkcs12KdfHash, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Buffer {
  const sizes = SIZES[hash];
  if (!sizes) throw new Error(`PKCS#12 KDF: unsupported hash ${hash}`);
  const { u, v } = sizes;
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([repeatTo(salt, v), repeatTo(password, v)]);
  const c = Math.ceil(n / u);
  const out = Buffer.alloc(c * u);
  for (let block = 0; block < c; block++) {
    let a = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    a.copy(out, block * u);
    if (block === c - 1) break;
    // Step 6B-C: I_j = (I_j + B + 1) mod 2^(8v), B = A repeated to v bytes.
    const b = repeatTo(a, v).subarray(0, v);
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + b[k]! + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out.subarray(0, n);
}
