// The fast path (per-key templates) gives exactly the pkijs encoding, and that encoding has the RFC 5652 shape we promise.
import { createHash, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signDetached } from '../../signer/cms.ts';
import { buildSignedDataDer, signedAttributesDer } from '../../signer/cms/build.ts';
import { wholeSeconds } from '../../signer/cms/signing-time.ts';
import { ECDSA_P256_SHA256, RSA_SHA256, type KeyInfo } from '../../signer/provider.ts';
import { makeTestCert, type TestCert } from '../fixtures/pki.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);

/** A key session that also remembers what it was asked to sign and what it returned. */
function recordingSession(cert: TestCert) {
  const signature = cert.alg === 'rsa' ? RSA_SHA256 : ECDSA_P256_SHA256;
  const key: KeyInfo = { id: `test:${cert.alg}`, provider: 'test', label: cert.alg, tokenLabel: null, tokenSerial: null, certificate: cert.der, signature };
  const log: { data: Uint8Array; signature: Uint8Array }[] = [];
  return {
    log,
    key,
    sign: async (data: Uint8Array) => {
      const s = new Uint8Array(sign('sha256', data, cert.privateKey));
      log.push({ data: data.slice(), signature: s });
      return s;
    },
  };
}

function parse(cms: Uint8Array) {
  const info = pkijs.ContentInfo.fromBER(cms);
  return { info, sd: new pkijs.SignedData({ schema: info.content }) };
}

let rsa: TestCert;
let ecdsa: TestCert;
beforeAll(async () => {
  [rsa, ecdsa] = await Promise.all([makeTestCert({ alg: 'rsa' }), makeTestCert({ alg: 'ecdsa', cn: 'ҚАЗАҚ ТІЛІ' })]);
});

describe('fast path = library encoding', () => {
  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: byte for byte the pkijs build, for any content and signing time (UTCTime and GeneralizedTime)`, async () => {
      const cert = alg === 'rsa' ? rsa : ecdsa;
      const session = recordingSession(cert);
      const certificate = pkijs.Certificate.fromBER(cert.der);
      const arb = fc.tuple(fc.uint8Array({ maxLength: 3000 }), fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true }));
      await fc.assert(fc.asyncProperty(arb, async ([content, when]) => {
        const cms = await signDetached({ content, session, signingTime: when });
        const { signature, data } = session.log.at(-1)!;
        const parts = { signingTime: wholeSeconds(when), messageDigest: createHash('sha256').update(content).digest() };
        expect(data).toEqual(signedAttributesDer(parts));
        expect(cms).toEqual(buildSignedDataDer({ ...parts, certificate, digestOid: cert.alg === 'rsa' ? RSA_SHA256.digestOid : ECDSA_P256_SHA256.digestOid, signatureOid: session.key.signature.signatureOid, signature }));
      }), { numRuns: alg === 'rsa' ? RUNS / 4 : RUNS });
    });
  }
});

describe('RFC 5652 shape', () => {
  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: detached SignedData v1, one SignerInfo v1 by issuerAndSerialNumber, the certificate as given`, async () => {
      const cert = alg === 'rsa' ? rsa : ecdsa;
      const session = recordingSession(cert);
      const cms = await signDetached({ content: new Uint8Array([1, 2, 3]), session });
      const { info, sd } = parse(cms);
      expect(info.contentType).toBe('1.2.840.113549.1.7.2');
      expect(sd.version).toBe(1);
      expect(sd.encapContentInfo.eContentType).toBe('1.2.840.113549.1.7.1');
      expect(sd.encapContentInfo.eContent).toBeUndefined();
      expect(sd.digestAlgorithms.map((a) => [a.algorithmId, a.algorithmParams])).toEqual([['2.16.840.1.101.3.4.2.1', undefined]]);
      expect(sd.certificates).toHaveLength(1);
      expect(Buffer.from(cms).indexOf(Buffer.from(cert.der))).toBeGreaterThan(0);
      expect(sd.signerInfos).toHaveLength(1);
      const si = sd.signerInfos[0]!;
      expect(si.version).toBe(1);
      expect(si.sid).toBeInstanceOf(pkijs.IssuerAndSerialNumber);
      expect(si.unsignedAttrs).toBeUndefined();
      // RFC 5754 3.2: sha256WithRSAEncryption with NULL parameters; RFC 5758 3.2: ecdsa-with-SHA256 without.
      expect(si.signatureAlgorithm.algorithmId).toBe(alg === 'rsa' ? '1.2.840.113549.1.1.11' : '1.2.840.10045.4.3.2');
      expect(si.signatureAlgorithm.algorithmParams instanceof asn1js.Null).toBe(alg === 'rsa');
      // Signed attributes in DER SET OF order, and exactly the bytes the session signed with the SET OF tag (5.4).
      expect(si.signedAttrs!.attributes.map((a) => a.type)).toEqual(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.5', '1.2.840.113549.1.9.4']);
      expect(new Uint8Array(si.signedAttrs!.encodedValue)).toEqual(session.log[0]!.data);
      expect(session.log[0]!.data[0]).toBe(0x31);
      expect(new Uint8Array(si.signature.valueBlock.valueHexView)).toEqual(session.log[0]!.signature);
    });
  }

  it('signing time from 2050 on is a GeneralizedTime, before is a UTCTime (RFC 5652 11.3)', async () => {
    const kinds = [];
    for (const t of ['2049-12-31T23:59:59Z', '2050-01-01T00:00:00Z']) {
      const { sd } = parse(await signDetached({ content: new Uint8Array(1), session: recordingSession(ecdsa), signingTime: new Date(t) }));
      const time = sd.signerInfos[0]!.signedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.5')!.values[0];
      kinds.push([(time as asn1js.UTCTime).constructor.name, (time as asn1js.UTCTime).toDate().toISOString()]);
    }
    expect(kinds).toEqual([['UTCTime', '2049-12-31T23:59:59.000Z'], ['GeneralizedTime', '2050-01-01T00:00:00.000Z']]);
  });
});
