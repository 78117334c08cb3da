// PKCS#11 mechanism plans and the provider's option schema: defaults by key type, vendor (GOST) passthrough, bad configs.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ECDSA_P256_SHA256, RSA_SHA256, SHA256_OID } from '../../../signer/provider.ts';
import { mechanismName, planFor, resolveMechanism, signInput, signOutput } from '../../../signer/providers/pkcs11-mechanism.ts';
import { pkcs11ProviderOptionsSchema } from '../../../signer/providers/pkcs11.ts';
import { thrownCode } from '../../fixtures/thrown-code.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
const base = { hash_on_host: false };
const GOST_SIG = '1.2.398.3.10.1.1.2.3.1';
const GOST_DIGEST = '1.2.398.3.10.1.3.2';

const code = thrownCode;

describe('planFor', () => {
  it('defaults: RSA → CKM_SHA256_RSA_PKCS on the data; P-256 → CKM_ECDSA on the host SHA-256, r||s → DER', () => {
    const r = planFor(base, rsa, 'k');
    expect([r.mechanismName, r.hostHash, r.ecdsaRaw, r.signature]).toEqual(['CKM_SHA256_RSA_PKCS', null, false, RSA_SHA256]);
    const e = planFor(base, ec, 'k');
    expect([e.mechanismName, e.hostHash, e.ecdsaRaw, e.signature]).toEqual(['CKM_ECDSA', 'sha256', true, ECDSA_P256_SHA256]);
  });

  it('CKM_RSA_PKCS gets a SHA-256 DigestInfo (RFC 8017 9.2); CKM_ECDSA_SHA256 gets the data', () => {
    const p = planFor({ ...base, mechanism: resolveMechanism('CKM_RSA_PKCS')! }, rsa, 'k');
    const input = signInput(p, Buffer.from('abc'));
    expect(input.toString('hex')).toBe(`3031300d060960864801650304020105000420${createHash('sha256').update('abc').digest('hex')}`);
    const q = planFor({ ...base, mechanism: resolveMechanism('CKM_ECDSA_SHA256')! }, ec, 'k');
    expect(signInput(q, Buffer.from('abc')).toString()).toBe('abc');
    expect(q.ecdsaRaw).toBe(true);
  });

  it('refuses small RSA, other curves, unknown keys and a mechanism of the wrong key type', () => {
    expect(code(() => planFor(base, rsa1024, 'k'))).toBe('SIGN_KEY_UNSUPPORTED');
    expect(code(() => planFor(base, p384, 'k'))).toBe('SIGN_KEY_UNSUPPORTED');
    expect(code(() => planFor(base, null, 'k'))).toBe('SIGN_KEY_UNSUPPORTED');
    expect(code(() => planFor({ ...base, mechanism: resolveMechanism('CKM_ECDSA')! }, rsa, 'k'))).toBe('SIGN_KEY_UNSUPPORTED');
  });

  it('vendor mechanism (GOST): data to the token, output as-is, configured OIDs, no digest name', () => {
    const p = planFor({ mechanism: 0x80000012, digest_oid: GOST_DIGEST, signature_oid: GOST_SIG, hash_on_host: false }, null, 'k');
    expect(p.signature).toEqual({ algorithm: 'custom', digestOid: GOST_DIGEST, digestName: null, signatureOid: GOST_SIG });
    expect(p.mechanismName).toBe('vendor 0x80000012');
    expect(signInput(p, Buffer.from('data')).toString()).toBe('data');
    const out = Uint8Array.of(5, 4, 3, 2, 1);
    expect(signOutput(p, out)).toEqual(out);
  });

  it('vendor mechanism with hash_on_host: the host digest of digest_oid goes to the token', () => {
    const p = planFor({ mechanism: 0x80000013, digest_oid: SHA256_OID, signature_oid: GOST_SIG, hash_on_host: true }, null, 'k');
    expect(p.signature.digestName).toBe('SHA-256');
    expect(signInput(p, Buffer.from('x')).equals(createHash('sha256').update('x').digest())).toBe(true);
  });
});

describe('resolveMechanism', () => {
  it('takes CKM_ names, numbers and numeric strings', () => {
    expect(resolveMechanism('CKM_ECDSA')).toBe(0x1041);
    expect(resolveMechanism('CKM_SHA256_RSA_PKCS')).toBe(0x40);
    expect(resolveMechanism(0x80000001)).toBe(0x80000001);
    expect(resolveMechanism('0x80000001')).toBe(0x80000001);
    expect(resolveMechanism('4161')).toBe(0x1041);
    expect(resolveMechanism('CKM_NOPE')).toBeNull();
    expect(resolveMechanism('CKA_ID')).toBeNull();
    expect(resolveMechanism(-1)).toBeNull();
    expect(mechanismName(0x1041)).toBe('CKM_ECDSA');
  });
});

describe('pkcs11ProviderOptionsSchema', () => {
  const ok = (o: unknown) => pkcs11ProviderOptionsSchema.safeParse(o).success;
  it('has defaults and accepts a vendor mechanism with its OIDs', () => {
    expect(pkcs11ProviderOptionsSchema.parse({ module: '/usr/lib/x.so' })).toEqual({ module: '/usr/lib/x.so', name: 'pkcs11', hash_on_host: false });
    expect(ok({ module: 'x.so', mechanism: 0x80000012, digest_oid: GOST_DIGEST, signature_oid: GOST_SIG, public_key_oid: '1.2.398.3.10.1.1.2.2' })).toBe(true);
    expect(ok({ module: 'x.so', mechanism: 'CKM_ECDSA', token_label: 'Kaztoken', token_serial: '0123' })).toBe(true);
  });
  it('refuses what cannot work', () => {
    expect(ok({})).toBe(false);
    expect(ok({ module: 'x.so', mechanism: 0x80000012 })).toBe(false); // no OIDs
    expect(ok({ module: 'x.so', mechanism: 0x80000012, digest_oid: GOST_DIGEST, signature_oid: GOST_SIG, hash_on_host: true })).toBe(false); // host cannot hash GOST
    expect(ok({ module: 'x.so', mechanism: 'CKM_ECDSA', hash_on_host: true })).toBe(false);
    expect(ok({ module: 'x.so', signature_oid: GOST_SIG })).toBe(false);
    expect(ok({ module: 'x.so', mechanism: 'ECDSA' })).toBe(false);
    expect(ok({ module: 'x.so', digest_oid: 'sha256' })).toBe(false);
    expect(ok({ module: 'x.so', name: 'Bad Name' })).toBe(false);
    expect(ok({ module: 'x.so', pin: '1234' })).toBe(false);
  });
});
