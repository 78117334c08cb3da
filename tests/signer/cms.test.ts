// Signature container: sign/verify round trips, tampering, certificate validity and usage, malformed input never throws.
import { sign, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as pkijs from 'pkijs';
import { signDetached, verifyDetached } from '../../signer/cms.ts';
import { ECDSA_P256_SHA256, RSA_SHA256, type KeyInfo, type SignatureAlgorithm } from '../../signer/provider.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { makeTestCert, type TestCert } from '../fixtures/pki.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const DAY = 86_400_000;
const content = new TextEncoder().encode('{"doc":"ПП-119","amount":"105500.50","iban":"KZ12009NPS0413609816"}\n');

/** A key session over a test certificate; `signer` lets a test sign with another certificate's key. */
function sessionFor(cert: TestCert, signer: KeyObject = cert.privateKey, signature: SignatureAlgorithm = cert.alg === 'rsa' ? RSA_SHA256 : ECDSA_P256_SHA256) {
  const key: KeyInfo = { id: `test:${cert.subject}`, provider: 'test', label: cert.subject, tokenLabel: null, tokenSerial: null, certificate: cert.der, signature };
  const hash = (signature.digestName ?? 'SHA-256').replace('SHA-', 'sha');
  return { key, sign: async (data: Uint8Array) => new Uint8Array(sign(hash, data, signer)) };
}

const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code).sort();

let rsa: TestCert;
let ecdsa: TestCert;
let other: TestCert;
beforeAll(async () => {
  [rsa, ecdsa, other] = await Promise.all([
    makeTestCert({ alg: 'rsa', cn: 'ТЕСТОВ РСА', iin: '850315300128' }),
    makeTestCert({ alg: 'ecdsa', cn: 'Әлия Ғабитқызы Құрманбекова', iin: '850315300128', bin: '102340001234' }),
    makeTestCert({ alg: 'ecdsa', cn: 'БАСҚА ТҰЛҒА' }),
  ]);
});

describe('signDetached / verifyDetached round trip', () => {
  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: verifies, returns the signer certificate, signing time and content hash`, async () => {
      const cert = alg === 'rsa' ? rsa : ecdsa;
      const signingTime = new Date('2026-11-25T10:20:30.000Z');
      const cms = await signDetached({ content, session: sessionFor(cert), signingTime });
      const r = await verifyDetached(cms, content);
      expect(r.errors).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.signingTime).toEqual(signingTime);
      expect(r.certificateDer).toEqual(cert.der);
      expect(r.certificate?.subject).toBe(cert.subject);
      expect(r.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('signing-time is the one given, cut to whole seconds (UTCTime has no fractions)', async () => {
    const cms = await signDetached({ content, session: sessionFor(ecdsa), signingTime: new Date('2026-11-25T10:20:30.987Z') });
    expect((await verifyDetached(cms, content)).signingTime).toEqual(new Date('2026-11-25T10:20:30.000Z'));
  });

  it('signing-time defaults to now', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const cms = await signDetached({ content, session: sessionFor(ecdsa) });
    const t = (await verifyDetached(cms, content)).signingTime!.getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('a Kazakh CN, IIN and BIN survive in the returned CertificateInfo', async () => {
    const r = await verifyDetached(await signDetached({ content, session: sessionFor(ecdsa) }), content);
    expect(r.certificate).toMatchObject({ commonName: 'Әлия Ғабитқызы Құрманбекова', iin: '850315300128', bin: '102340001234', canSign: true });
  });

  it('empty content and a SHA-384 key round-trip', async () => {
    const sha384: SignatureAlgorithm = { algorithm: 'custom', digestOid: '2.16.840.1.101.3.4.2.2', digestName: 'SHA-384', signatureOid: '1.2.840.10045.4.3.3' };
    const empty = new Uint8Array(0);
    expect((await verifyDetached(await signDetached({ content: empty, session: sessionFor(ecdsa) }), empty)).ok).toBe(true);
    const r = await verifyDetached(await signDetached({ content, session: sessionFor(ecdsa, ecdsa.privateKey, sha384) }), content);
    expect(r.errors).toEqual([]);
  });

  it('verifies a Buffer that is a view into a larger pool (as readFileSync returns)', async () => {
    const cms = await signDetached({ content, session: sessionFor(ecdsa) });
    const pooled = Buffer.concat([Buffer.from('junk before'), cms, Buffer.from('junk after')]).subarray(11, 11 + cms.length);
    expect((await verifyDetached(pooled, Buffer.from(content))).ok).toBe(true);
  });
});

describe('tampering', () => {
  it('changed content → SIGN_SIGNATURE_INVALID (message-digest), certificate still reported', async () => {
    const cms = await signDetached({ content, session: sessionFor(ecdsa) });
    const changed = content.slice();
    changed[10] = changed[10]! ^ 1;
    const r = await verifyDetached(cms, changed);
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['SIGN_SIGNATURE_INVALID']);
    expect(r.certificate?.commonName).toBe('Әлия Ғабитқызы Құрманбекова');
  });

  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: changed signature bytes → SIGN_SIGNATURE_INVALID`, async () => {
      const cms = await signDetached({ content, session: sessionFor(alg === 'rsa' ? rsa : ecdsa) });
      // SignerInfo.signature is the last field of the container (no unsigned attributes).
      const bad = cms.slice();
      bad[bad.length - 1] = bad.at(-1)! ^ 0x01;
      expect(codes(await verifyDetached(bad, content))).toEqual(['SIGN_SIGNATURE_INVALID']);
    });
  }

  it('a changed signed attribute (signing time) → SIGN_SIGNATURE_INVALID', async () => {
    const cms = await signDetached({ content, session: sessionFor(rsa), signingTime: new Date('2026-11-25T10:20:30Z') });
    const at = Buffer.from(cms).indexOf(Buffer.from('261125102030Z'));
    expect(at).toBeGreaterThan(0);
    const bad = cms.slice();
    bad[at + 11] = '1'.charCodeAt(0); // 10:20:30 → 10:20:31
    const r = await verifyDetached(bad, content);
    expect(codes(r)).toEqual(['SIGN_SIGNATURE_INVALID']);
    expect(r.signingTime).toEqual(new Date('2026-11-25T10:20:31Z'));
  });

  it('a container naming another certificate than the key that signed → SIGN_SIGNATURE_INVALID', async () => {
    const cms = await signDetached({ content, session: sessionFor(other, ecdsa.privateKey) });
    const r = await verifyDetached(cms, content);
    expect(codes(r)).toEqual(['SIGN_SIGNATURE_INVALID']);
    expect(r.certificate?.commonName).toBe('БАСҚА ТҰЛҒА');
  });

  it('another certificate swapped into the container → the signer certificate is missing (SIGN_CMS_INVALID)', async () => {
    const cms = await signDetached({ content, session: sessionFor(ecdsa) });
    const info = pkijs.ContentInfo.fromBER(cms);
    const sd = new pkijs.SignedData({ schema: info.content });
    sd.certificates = [pkijs.Certificate.fromBER(other.der)];
    const swapped = new Uint8Array(new pkijs.ContentInfo({ contentType: info.contentType, content: sd.toSchema(true) }).toSchema().toBER());
    const r = await verifyDetached(swapped, content);
    expect(codes(r)).toEqual(['SIGN_CMS_INVALID']);
    expect(r.certificate).toBeNull();
  });
});

describe('certificate checks', () => {
  it('expired at signing time → SIGN_CERT_EXPIRED', async () => {
    const old = await makeTestCert({ notBefore: new Date(Date.now() - 730 * DAY), notAfter: new Date(Date.now() - 365 * DAY) });
    const r = await verifyDetached(await signDetached({ content, session: sessionFor(old) }), content);
    expect(codes(r)).toEqual(['SIGN_CERT_EXPIRED']);
    // Valid when the signing time falls inside the validity period.
    const inside = await signDetached({ content, session: sessionFor(old), signingTime: new Date(Date.now() - 500 * DAY) });
    expect((await verifyDetached(inside, content)).ok).toBe(true);
  });

  it('not yet valid at signing time → SIGN_CERT_NOT_YET_VALID', async () => {
    const future = await makeTestCert({ notBefore: new Date(Date.now() + 30 * DAY), notAfter: new Date(Date.now() + 400 * DAY) });
    expect(codes(await verifyDetached(await signDetached({ content, session: sessionFor(future) }), content))).toEqual(['SIGN_CERT_NOT_YET_VALID']);
  });

  it('opts.at overrides the signing time', async () => {
    const cms = await signDetached({ content, session: sessionFor(ecdsa) });
    expect(codes(await verifyDetached(cms, content, { at: new Date(Date.now() + 400 * DAY) }))).toEqual(['SIGN_CERT_EXPIRED']);
    expect(codes(await verifyDetached(cms, content, { at: new Date(Date.now() - 60 * DAY) }))).toEqual(['SIGN_CERT_NOT_YET_VALID']);
  });

  it('keyEncipherment-only certificate → SIGN_CERT_USAGE; no keyUsage extension means any use', async () => {
    const encipher = await makeTestCert({ alg: 'rsa', usage: 'encipher' });
    expect(codes(await verifyDetached(await signDetached({ content, session: sessionFor(encipher) }), content))).toEqual(['SIGN_CERT_USAGE']);
    const none = await makeTestCert({ usage: 'none' });
    expect((await verifyDetached(await signDetached({ content, session: sessionFor(none) }), content)).ok).toBe(true);
  });

  it('collects every problem, not only the first', async () => {
    const bad = await makeTestCert({ usage: 'encipher', notBefore: new Date(Date.now() - 730 * DAY), notAfter: new Date(Date.now() - 365 * DAY) });
    const r = await verifyDetached(await signDetached({ content, session: sessionFor(bad) }), new Uint8Array([1, 2, 3]));
    expect(codes(r)).toEqual(['SIGN_CERT_EXPIRED', 'SIGN_CERT_USAGE', 'SIGN_SIGNATURE_INVALID']);
  });
});

describe('keys the host cannot build a container for', () => {
  it('a GOST key whose digest only the token knows → SIGN_KEY_UNSUPPORTED before anything is signed', async () => {
    const gost: SignatureAlgorithm = { algorithm: 'custom', digestOid: '1.2.398.3.10.1.3.1', digestName: null, signatureOid: '1.2.398.3.10.1.1.1.2' };
    let signed = 0;
    const session = { ...sessionFor(ecdsa, ecdsa.privateKey, gost), sign: async () => (signed++, new Uint8Array(64)) };
    const err = await signDetached({ content, session }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('SIGN_KEY_UNSUPPORTED');
    expect((err as GatewayError).message).toMatch(/GOST/);
    expect(signed).toBe(0);
  });

  it('an invalid signing time is a caller bug (RangeError)', async () => {
    await expect(signDetached({ content, session: sessionFor(ecdsa), signingTime: new Date(NaN) })).rejects.toBeInstanceOf(RangeError);
  });

  it('verification: RSA under 2048 bits → SIGN_KEY_UNSUPPORTED; a signature OID that does not fit the key → SIGN_SIGNATURE_INVALID', async () => {
    const small = await makeTestCert({ alg: 'rsa', rsaBits: 1024 });
    expect(codes(await verifyDetached(await signDetached({ content, session: sessionFor(small) }), content))).toEqual(['SIGN_KEY_UNSUPPORTED']);
    const wrongOid = sessionFor(rsa, rsa.privateKey, ECDSA_P256_SHA256);
    expect(codes(await verifyDetached(await signDetached({ content, session: wrongOid }), content))).toEqual(['SIGN_SIGNATURE_INVALID']);
  });

  it('a session that returns no signature → SIGN_PROVIDER_FAILED', async () => {
    const session = { ...sessionFor(ecdsa), sign: async () => new Uint8Array(0) };
    await expect(signDetached({ content, session })).rejects.toMatchObject({ code: 'SIGN_PROVIDER_FAILED' });
  });
});

describe('malformed containers never throw', () => {
  it('random bytes (and random bytes behind a SEQUENCE header) → SIGN_CMS_INVALID', async () => {
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.uint8Array({ minLength: 2, maxLength: 600 }).map((b) => Uint8Array.from([0x30, 0x82, b.length >> 8, b.length & 0xff, ...b])),
    );
    await fc.assert(fc.asyncProperty(arb, async (bytes) => {
      const r = await verifyDetached(bytes, content);
      expect(r.ok).toBe(false);
      expect(codes(r)).toContain('SIGN_CMS_INVALID');
    }), { numRuns: RUNS });
  });

  it('every truncation of a valid container → SIGN_CMS_INVALID', async () => {
    const cms = await signDetached({ content, session: sessionFor(ecdsa) });
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: cms.length - 1 }), async (n) => {
      const r = await verifyDetached(cms.subarray(0, n), content);
      expect(r.ok).toBe(false);
      expect(codes(r)).toEqual(['SIGN_CMS_INVALID']);
    }), { numRuns: RUNS });
  });

  it('random byte changes in a valid container give a result, never an exception', async () => {
    const cms = await signDetached({ content, session: sessionFor(rsa) });
    const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: cms.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 });
    await fc.assert(fc.asyncProperty(arb, async (flips) => {
      const bad = cms.slice();
      for (const [at, x] of flips) bad[at] = bad[at]! ^ x;
      const r = await verifyDetached(bad, content);
      expect(r.ok).toBe(r.errors.length === 0);
      expect(r.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    }), { numRuns: RUNS });
  });
});
