// r||s → DER ECDSA-Sig-Value: round-trips through Node's verifier and keeps INTEGERs minimal and positive.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from '../../../signer/providers/ecdsa-sig.ts';

describe('ecdsaRawToDer', () => {
  it('turns IEEE P1363 signatures from Node into DER signatures Node verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`doc ${i}`);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = ecdsaRawToDer(raw);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
    }
  });

  it('encodes any r, s as minimal positive INTEGERs that decode back', () => {
    const half = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(half, half, (r, s) => {
        const der = ecdsaRawToDer(Uint8Array.from([...r, ...s]));
        const parsed = asn1js.fromBER(der);
        expect(parsed.offset).toBe(der.length);
        const seq = parsed.result as asn1js.Sequence;
        const [ri, si] = seq.valueBlock.value as asn1js.Integer[];
        for (const [int, bytes] of [[ri!, r], [si!, s]] as const) {
          expect(int.toBigInt()).toBe(BigInt(`0x${Buffer.from(bytes).toString('hex')}`));
          const v = int.valueBlock.valueHexView;
          // Minimal: no leading 0x00 unless the next byte has its high bit set; positive: high bit clear.
          expect(v[0]! & 0x80).toBe(0);
          if (v.length > 1 && v[0] === 0) expect(v[1]! & 0x80).not.toBe(0);
        }
      }),
      { numRuns: 300 },
    );
    // Edge cases: zero and high-bit halves.
    expect(Buffer.from(ecdsaRawToDer(new Uint8Array(64))).toString('hex')).toBe('3006020100020100');
    expect(Buffer.from(ecdsaRawToDer(Uint8Array.from([0x80, 0x01]))).toString('hex')).toBe('300702020080020101');
  });

  it('refuses an odd-length or empty input', () => {
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(/r\|\|s/);
    expect(() => ecdsaRawToDer(new Uint8Array(0))).toThrow(/r\|\|s/);
  });
});
