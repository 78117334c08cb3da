// PKCS#12 key derivation (RFC 7292 appendix B): published vectors and the BMPString password encoding.
import { describe, expect, it } from 'vitest';
import { bmpPassword, KDF_IV, KDF_KEY, KDF_MAC, pkcs12Kdf } from '../../../signer/providers/pkcs12-kdf.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('PKCS#12 KDF', () => {
  // Vectors of the Bouncy Castle PKCS12 KDF tests (also used by other implementations).
  it('matches known SHA-1 vectors for keys and IVs', () => {
    expect(pkcs12Kdf('sha1', bmpPassword('smeg'), hex('0A58CF64530D823F'), KDF_KEY, 1, 24).toString('hex').toUpperCase()).toBe('8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3');
    expect(pkcs12Kdf('sha1', bmpPassword('smeg'), hex('0A58CF64530D823F'), KDF_IV, 1, 8).toString('hex').toUpperCase()).toBe('79993DFE048D3B76');
    expect(pkcs12Kdf('sha1', bmpPassword('queeg'), hex('1682C0FC5B3F7EC5'), KDF_KEY, 1000, 24).toString('hex').toUpperCase()).toBe('483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F');
  });

  it('encodes the password as big-endian UTF-16 with a NUL terminator (RFC 7292 B.1)', () => {
    expect(bmpPassword('ab').toString('hex')).toBe('006100620000');
    expect(bmpPassword('Қ').toString('hex')).toBe('049a0000');
    expect(bmpPassword('').toString('hex')).toBe('0000');
  });

  it('derives longer outputs than one hash block consistently (prefix property) for SHA-256 and SHA-512', () => {
    for (const hash of ['sha256', 'sha512'] as const) {
      const long = pkcs12Kdf(hash, bmpPassword('p'), hex('0102'), KDF_MAC, 3, 150);
      const short = pkcs12Kdf(hash, bmpPassword('p'), hex('0102'), KDF_MAC, 3, 20);
      expect(long).toHaveLength(150);
      expect(long.subarray(0, 20).equals(short)).toBe(true);
    }
  });

  it('differs by purpose byte', () => {
    const a = pkcs12Kdf('sha256', bmpPassword('x'), hex('00'), KDF_KEY, 1, 32);
    const b = pkcs12Kdf('sha256', bmpPassword('x'), hex('00'), KDF_MAC, 1, 32);
    expect(a.equals(b)).toBe(false);
  });
});
