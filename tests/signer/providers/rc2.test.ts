// RC2 (RFC 2268): the RFC's test vectors, CBC decryption and padding checks; cross-checked with `openssl enc` when it has RC2.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rc2CbcDecrypt, rc2DecryptBlock, rc2EncryptBlock, rc2ExpandKey } from '../../../signer/providers/rc2.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** RFC 2268 section 5: key, effective key bits, plaintext, ciphertext. */
const VECTORS: [string, number, string, string][] = [
  ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
  ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
  ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
  ['88', 64, '0000000000000000', '61a8a244adacccf0'],
  ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
  ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
  ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
];

/** CBC + PKCS#7 padding built from the block function, to test the decrypting side against. */
function cbcEncrypt(key: Uint8Array, bits: number, iv: Uint8Array, plain: Uint8Array): Uint8Array {
  const pad = 8 - (plain.length % 8);
  const buf = new Uint8Array(plain.length + pad).fill(pad);
  buf.set(plain);
  const k = rc2ExpandKey(key, bits);
  let prev = iv;
  for (let at = 0; at < buf.length; at += 8) {
    for (let i = 0; i < 8; i++) buf[at + i] = buf[at + i]! ^ prev[i]!;
    rc2EncryptBlock(k, buf, at);
    prev = buf.subarray(at, at + 8);
  }
  return buf;
}

describe('RC2', () => {
  it.each(VECTORS)('RFC 2268 vector key=%s bits=%i', (key, bits, plain, cipher) => {
    const k = rc2ExpandKey(hex(key), bits);
    const block = hex(plain);
    rc2EncryptBlock(k, block);
    expect(Buffer.from(block).toString('hex')).toBe(cipher);
    rc2DecryptBlock(k, block);
    expect(Buffer.from(block).toString('hex')).toBe(plain);
  });

  it('decrypts CBC with padding for every length 0..40, 40- and 128-bit keys', () => {
    for (const [keyLen, bits] of [[5, 40], [16, 128]] as const) {
      for (let len = 0; len <= 40; len++) {
        const key = randomBytes(keyLen);
        const iv = randomBytes(8);
        const plain = randomBytes(len);
        expect(Buffer.from(rc2CbcDecrypt(key, bits, iv, cbcEncrypt(key, bits, iv, plain))).equals(plain)).toBe(true);
      }
    }
  });

  it('throws on a wrong key (bad padding) and on truncated input', () => {
    const iv = new Uint8Array(8);
    const ct = cbcEncrypt(hex('0102030405'), 40, iv, new TextEncoder().encode('certificate bag'));
    let failures = 0;
    for (let i = 0; i < 20; i++) {
      try {
        rc2CbcDecrypt(randomBytes(5), 40, iv, ct);
      } catch {
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(15); // a random key passes the padding check ~1/256 of the time
    expect(() => rc2CbcDecrypt(hex('0102030405'), 40, iv, ct.subarray(0, 7))).toThrow(/blocks/);
    expect(() => rc2ExpandKey(new Uint8Array(0), 40)).toThrow(RangeError);
  });

  const legacy = spawnSync('openssl', ['enc', '-rc2-40-cbc', '-provider', 'legacy', '-provider', 'default', '-K', '0102030405', '-iv', '0000000000000000'], { input: 'x' });
  it.skipIf(legacy.status !== 0)('agrees with `openssl enc -rc2-40-cbc` (OpenSSL legacy provider)', () => {
    const key = randomBytes(5);
    const iv = randomBytes(8);
    const plain = randomBytes(77);
    const ct = execFileSync('openssl', ['enc', '-rc2-40-cbc', '-provider', 'legacy', '-provider', 'default', '-K', key.toString('hex'), '-iv', iv.toString('hex')], { input: plain });
    expect(Buffer.from(rc2CbcDecrypt(key, 40, iv, ct)).equals(plain)).toBe(true);
  });
});
