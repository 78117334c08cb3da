// The DER-walking container parser gives what the pkijs parser gave (our containers, OpenSSL's, SKI sids, the name fallback) and refuses malformed input with SIGN_CMS_INVALID only.
// @peculiar/x509 needs the Reflect metadata polyfill loaded before it.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { KeyObject, sign, webcrypto } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import * as x509 from '@peculiar/x509';
import { GatewayError } from '../../gateway/core/errors.ts';
import { signDetached, verifyDetached } from '../../signer/cms.ts';
import { DerError, checkTree, children, decodeOid, readTlv } from '../../signer/cms/der.ts';
import { parseContainer, type ParsedContainer } from '../../signer/cms/parse.ts';
import { parseContainerPkijs } from '../../signer/cms/parse-pkijs.ts';
import { ECDSA_P256_SHA256, RSA_SHA256, type KeyInfo } from '../../signer/provider.ts';
import { makeTestCert, type TestCert } from '../fixtures/pki.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const OPENSSL = '/usr/bin/openssl';
const HAS_OPENSSL = existsSync(OPENSSL);
const content = new TextEncoder().encode('{1CClientBankExchange}\r\nСекцияДокумент=Платежное поручение\r\nСумма=105500.50\r\n');

/** A signing session over a certificate and the private key that goes with it. */
function sessionFor(cert: Pick<TestCert, 'der' | 'privateKey' | 'alg'>) {
  const key: KeyInfo = { id: `test:${Math.random()}`, provider: 'test', label: 'test', tokenLabel: null, tokenSerial: null, certificate: cert.der, signature: cert.alg === 'rsa' ? RSA_SHA256 : ECDSA_P256_SHA256 };
  return { key, sign: async (data: Uint8Array) => new Uint8Array(sign('sha256', data, cert.privateKey)) };
}

const hex = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('hex'));

/** A ParsedContainer as comparable plain data: bytes as hex, asn1js values as their class and JSON (which carries their encoding). */
function facts(p: ParsedContainer) {
  return {
    eContentType: p.eContentType,
    attached: p.attached,
    digestOid: p.digestOid,
    signatureOid: p.signatureOid,
    signature: hex(p.signature),
    signedAttributes: hex(p.signedAttributes),
    attributes: p.attributes.map((a) => ({ type: a.type, values: a.values.map((v) => ({ kind: v.constructor.name, json: v.toJSON() as unknown })) })),
    certificate: hex(p.certificate),
  };
}

type Outcome = { ok: true; facts: ReturnType<typeof facts> } | { ok: false; code: string; message: string };

function outcome(parse: (der: Uint8Array) => ParsedContainer, der: Uint8Array): Outcome {
  try {
    return { ok: true, facts: facts(parse(der)) };
  } catch (e) {
    // The contract of both parsers: a GatewayError SIGN_CMS_INVALID, never anything else.
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).code).toBe('SIGN_CMS_INVALID');
    return { ok: false, code: (e as GatewayError).code, message: (e as GatewayError).message };
  }
}

/** The new parser's result equals the pkijs parser's, field by field; returns it. */
function sameAsPkijs(der: Uint8Array): ParsedContainer {
  const expected = parseContainerPkijs(der);
  const actual = parseContainer(der);
  expect(facts(actual)).toEqual(facts(expected));
  // Returned bytes are plain Uint8Array copies, as the pkijs parser's were.
  for (const b of [actual.signature, actual.signedAttributes, actual.certificate]) if (b) expect(b.constructor).toBe(Uint8Array);
  return actual;
}

function invalidMessage(der: Uint8Array): string {
  const r = outcome(parseContainer, der);
  if (r.ok) throw new Error('expected SIGN_CMS_INVALID, the container parsed');
  return r.message;
}

/** Re-encodes a container with pkijs after `change` edits its SignedData (the signed attributes' bytes stay as they were). */
function reencode(cms: Uint8Array, change: (sd: pkijs.SignedData) => void): Uint8Array {
  const info = pkijs.ContentInfo.fromBER(cms);
  const sd = new pkijs.SignedData({ schema: info.content });
  change(sd);
  return new Uint8Array(new pkijs.ContentInfo({ contentType: info.contentType, content: sd.toSchema(true) }).toSchema().toBER());
}

/** A certificate with a subjectKeyIdentifier extension (makeTestCert has none). */
async function makeSkiCert(alg: 'rsa' | 'ecdsa'): Promise<TestCert & { ski: Uint8Array }> {
  const gen = alg === 'rsa'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
    : { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = (await webcrypto.subtle.generateKey(gen as never, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const skiExt = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '7f01',
    name: 'CN=SKI SIGNER, C=KZ',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000 * 30),
    keys,
    signingAlgorithm: (alg === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' }) as never,
    extensions: [skiExt, new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    der: new Uint8Array(cert.rawData),
    pem: cert.toString('pem'),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    privateKey,
    publicKey: KeyObject.from(keys.publicKey),
    cryptoKeys: keys,
    alg,
    subject: cert.subject,
    ski: new Uint8Array(Buffer.from(skiExt.keyId, 'hex')),
  };
}

/** SignerInfo.sid as [0] IMPLICIT subjectKeyIdentifier and version 3 (RFC 5652 5.3). */
function withSkiSid(cms: Uint8Array, ski: Uint8Array): Uint8Array {
  return reencode(cms, (sd) => {
    const si = sd.signerInfos[0]!;
    si.version = 3;
    si.sid = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: ski });
  });
}

let rsa: TestCert;
let ecdsa: TestCert;
let ca: TestCert;
let issued: TestCert;
let skiRsa: TestCert & { ski: Uint8Array };
let skiEcdsa: TestCert & { ski: Uint8Array };
let ours: { rsa: Uint8Array; ecdsa: Uint8Array };

beforeAll(async () => {
  [rsa, ecdsa, ca, skiRsa, skiEcdsa] = await Promise.all([
    makeTestCert({ alg: 'rsa', cn: 'ТЕСТОВ РСА', iin: '850315300128' }),
    makeTestCert({ alg: 'ecdsa', cn: 'Әлия Ғабитқызы', iin: '850315300128', bin: '102340001234' }),
    makeTestCert({ alg: 'ecdsa', cn: 'ҰКО ТЕСТ CA' }),
    makeSkiCert('rsa'),
    makeSkiCert('ecdsa'),
  ]);
  issued = await makeTestCert({ alg: 'ecdsa', cn: 'ШЫҒАРЫЛҒАН', issuer: ca });
  ours = {
    rsa: await signDetached({ content, session: sessionFor(rsa) }),
    ecdsa: await signDetached({ content, session: sessionFor(ecdsa) }),
  };
});

describe('DER reader (X.690)', () => {
  const at = (bytes: number[], offset = 0) => readTlv(Uint8Array.from(bytes), offset);
  const fails = (bytes: number[], message: RegExp) => {
    expect(() => at(bytes)).toThrow(DerError);
    expect(() => at(bytes)).toThrow(message);
  };

  it('reads short and long definite lengths, classes, the constructed flag and high tag numbers', () => {
    expect(at([0x30, 0x03, 0x02, 0x01, 0x05])).toEqual({ tagClass: 0, constructed: true, tagNumber: 16, start: 0, headerLength: 2, valueStart: 2, valueEnd: 5 });
    const long = [0x04, 0x81, 0x80, ...new Array<number>(0x80).fill(7)];
    expect(at(long)).toMatchObject({ tagNumber: 4, constructed: false, headerLength: 3, valueStart: 3, valueEnd: 131 });
    const two = [0x04, 0x82, 0x01, 0x00, ...new Array<number>(256).fill(0)];
    expect(at(two)).toMatchObject({ headerLength: 4, valueEnd: 260 });
    expect(at([0xa0, 0x00])).toMatchObject({ tagClass: 2, constructed: true, tagNumber: 0, valueStart: 2, valueEnd: 2 });
    expect(at([0x80, 0x01, 0xff])).toMatchObject({ tagClass: 2, constructed: false, tagNumber: 0 });
    expect(at([0x5f, 0x1f, 0x00])).toMatchObject({ tagClass: 1, tagNumber: 31, headerLength: 3 });
    expect(at([0xdf, 0x81, 0x00, 0x00])).toMatchObject({ tagClass: 3, tagNumber: 128, headerLength: 4 });
    // Reads inside a larger input from an offset.
    expect(at([0xff, 0x05, 0x00], 1)).toMatchObject({ start: 1, tagNumber: 5, valueStart: 3, valueEnd: 3 });
  });

  it('refuses indefinite, reserved, non-minimal and truncated encodings with a clear message', () => {
    fails([0x30, 0x80, 0x00, 0x00], /indefinite length/);
    fails([0x04, 0xff], /reserved length octet/);
    fails([0x04, 0x81, 0x05, 1, 2, 3, 4, 5], /non-minimal length.*long form/);
    fails([0x04, 0x82, 0x00, 0x80, ...new Array<number>(128).fill(0)], /non-minimal length.*leading zero/);
    fails([0x04, 0x85, 1, 0, 0, 0, 0], /length of 5 octets/);
    fails([0x1f, 0x80, 0x01, 0x00], /non-minimal tag number/);
    fails([0x1f, 0x1e, 0x00], /high-tag-number form/);
    fails([], /identifier octet missing/);
    fails([0x1f], /tag number octets missing/);
    fails([0x1f, 0x81], /tag number octets missing/);
    fails([0x04], /length octets missing/);
    fails([0x04, 0x82, 0x01], /length octets missing/);
    fails([0x04, 0x03, 0x01, 0x02], /truncated: 3 content octets declared, 2 available/);
    // A child may not run past its parent's end.
    const parent = Uint8Array.from([0x30, 0x03, 0x04, 0x03, 0x01, 0x02, 0x03]);
    expect(() => children(parent, readTlv(parent, 0, 5))).toThrow(/truncated/);
  });

  it('children fill the parent exactly; checkTree wants DER forms all the way down', () => {
    const der = Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0x02]);
    expect(children(der, readTlv(der, 0)).map((t) => t.tagNumber)).toEqual([2, 4]);
    expect(() => children(der, readTlv(der, 2))).toThrow(/primitive encoding/);
    expect(() => checkTree(der, readTlv(der, 0))).not.toThrow();
    const constructedOctets = Uint8Array.from([0x31, 0x05, 0x24, 0x03, 0x04, 0x01, 0x00]);
    expect(() => checkTree(constructedOctets, readTlv(constructedOctets, 0))).toThrow(/X.690 10.2/);
    const eoc = Uint8Array.from([0x31, 0x02, 0x00, 0x00]);
    expect(() => checkTree(eoc, readTlv(eoc, 0))).toThrow(/end-of-contents/);
  });

  it('decodes OBJECT IDENTIFIERs as asn1js does, and big arcs exactly', () => {
    const arcs = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 8 }));
    fc.assert(fc.property(arcs, ([a, b, rest]) => {
      const dotted = [a, b, ...rest].join('.');
      const der = new Uint8Array(new asn1js.ObjectIdentifier({ value: dotted }).toBER());
      expect(decodeOid(der, readTlv(der, 0))).toBe(dotted);
    }), { numRuns: RUNS });
    const uuid = Uint8Array.from([0x06, 0x0b, 0x69, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]);
    expect(decodeOid(uuid, readTlv(uuid, 0))).toBe(`2.25.${2n ** 63n}`);
    const big2 = Uint8Array.from([0x06, 0x02, 0x88, 0x37]);
    expect(decodeOid(big2, readTlv(big2, 0))).toBe('2.999');
    const padded = Uint8Array.from([0x06, 0x03, 0x2a, 0x80, 0x01]);
    expect(() => decodeOid(padded, readTlv(padded, 0))).toThrow(/leading 0x80/);
    const cut = Uint8Array.from([0x06, 0x02, 0x2a, 0x86]);
    expect(() => decodeOid(cut, readTlv(cut, 0))).toThrow(/truncated OBJECT IDENTIFIER/);
    const empty = Uint8Array.from([0x06, 0x00]);
    expect(() => decodeOid(empty, readTlv(empty, 0))).toThrow(/empty OBJECT IDENTIFIER/);
  });
});

describe('same result as the pkijs parser', () => {
  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: our container (issuerAndSerialNumber), UTCTime and GeneralizedTime signing time`, async () => {
      const cert = alg === 'rsa' ? rsa : ecdsa;
      for (const signingTime of [new Date('2026-11-25T10:20:30Z'), new Date('2051-03-04T05:06:07Z')]) {
        const cms = await signDetached({ content, session: sessionFor(cert), signingTime });
        const p = sameAsPkijs(cms);
        expect(p.certificate).toEqual(cert.der);
        expect(p.attached).toBe(false);
        expect(p.signedAttributes![0]).toBe(0x31);
        expect(p.attributes.map((a) => a.type)).toEqual(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.5', '1.2.840.113549.1.9.4']);
      }
    });

    it(`${alg}: subjectKeyIdentifier sid`, async () => {
      const cert = alg === 'rsa' ? skiRsa : skiEcdsa;
      const cms = withSkiSid(await signDetached({ content, session: sessionFor(cert) }), cert.ski);
      expect(sameAsPkijs(cms).certificate).toEqual(cert.der);
      expect((await verifyDetached(cms, content)).errors).toEqual([]);
      // A key identifier no certificate has: no certificate, in both parsers.
      const other = withSkiSid(cms, cert.ski.map((b) => b ^ 0xff));
      expect(sameAsPkijs(other).certificate).toBeNull();
    });
  }

  it('a certificate issued by a CA, with the CA and another certificate before it in the set: the signer is found', async () => {
    const cms = await signDetached({ content, session: sessionFor(issued) });
    const many = reencode(cms, (sd) => {
      sd.certificates = [pkijs.Certificate.fromBER(ca.der), pkijs.Certificate.fromBER(rsa.der), pkijs.Certificate.fromBER(issued.der)];
    });
    expect(sameAsPkijs(many).certificate).toEqual(issued.der);
    expect((await verifyDetached(many, content)).errors).toEqual([]);
  });

  it('crls and unsigned attributes are read past; an attached container says so', async () => {
    const keys = ca.cryptoKeys;
    const crl = await x509.X509CrlGenerator.create({
      issuer: ca.subject,
      thisUpdate: new Date(),
      signingKey: keys.privateKey,
      nextUpdate: new Date(Date.now() + 86_400_000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as never,
      // No entries: @peculiar/x509 writes an empty crlEntryExtensions SEQUENCE that pkijs refuses.
    });
    const cms = reencode(ours.ecdsa, (sd) => {
      sd.crls = [pkijs.CertificateRevocationList.fromBER(crl.rawData)];
      sd.signerInfos[0]!.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
        type: 1,
        attributes: [new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.14', values: [new asn1js.Utf8String({ value: 'қосымша' })] })],
      });
    });
    expect(Buffer.from(cms).indexOf(Buffer.from(crl.rawData))).toBeGreaterThan(0);
    expect(sameAsPkijs(cms).certificate).toEqual(ecdsa.der);
    expect((await verifyDetached(cms, content)).errors).toEqual([]);
    const attached = reencode(ours.ecdsa, (sd) => {
      sd.encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1', eContent: new asn1js.OctetString({ valueHex: content }) });
    });
    expect(sameAsPkijs(attached).attached).toBe(true);
  });

  describe.skipIf(!HAS_OPENSSL)('containers made by openssl cms -sign', () => {
    let dir: string;
    const file = (name: string) => join(dir, name);
    const openssl = (args: string[]) => execFileSync(OPENSSL, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'latin1' });
    const opensslSign = (name: string, signer: string, extra: string[] = []) => {
      openssl(['cms', '-sign', '-binary', '-md', 'sha256', '-in', file('data.bin'), '-signer', file(`${signer}.crt`), '-inkey', file(`${signer}.key`), '-outform', 'DER', '-out', file(name), ...extra]);
      return new Uint8Array(readFileSync(file(name)));
    };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'bankgate-cms-parse-'));
      writeFileSync(file('data.bin'), content);
      for (const [name, c] of Object.entries({ rsa, ecdsa, 'ski-rsa': skiRsa, 'ski-ecdsa': skiEcdsa, issued, ca })) {
        writeFileSync(file(`${name}.crt`), c.pem);
        writeFileSync(file(`${name}.key`), c.keyPem);
      }
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const alg of ['rsa', 'ecdsa'] as const) {
      it(`${alg}: default (issuerAndSerialNumber, S/MIME capabilities), -keyid, -noattr, -nodetach`, async () => {
        const plain = opensslSign(`${alg}.der`, alg);
        const p = sameAsPkijs(plain);
        expect(p.certificate).toEqual((alg === 'rsa' ? rsa : ecdsa).der);
        expect(p.attributes.length).toBeGreaterThan(3);
        const keyid = opensslSign(`${alg}-keyid.der`, `ski-${alg}`, ['-keyid']);
        expect(keyid[0]).toBe(0x30);
        expect(sameAsPkijs(keyid).certificate).toEqual((alg === 'rsa' ? skiRsa : skiEcdsa).der);
        expect((await verifyDetached(keyid, content)).errors).toEqual([]);
        expect(sameAsPkijs(opensslSign(`${alg}-noattr.der`, alg, ['-noattr'])).signedAttributes).toBeNull();
        expect(sameAsPkijs(opensslSign(`${alg}-attached.der`, alg, ['-nodetach'])).attached).toBe(true);
      });
    }

    it('-certfile (CA first), -nocerts (no certificate → null in both)', async () => {
      writeFileSync(file('chain.pem'), `${ca.pem}\n${rsa.pem}\n`);
      const chain = opensslSign('chain.der', 'issued', ['-certfile', file('chain.pem')]);
      expect(sameAsPkijs(chain).certificate).toEqual(issued.der);
      expect((await verifyDetached(chain, content)).errors).toEqual([]);
      expect(sameAsPkijs(opensslSign('nocerts.der', 'ecdsa', ['-nocerts'])).certificate).toBeNull();
    });
  });
});

describe('certificate by name: the pkijs fallback', () => {
  /** Offset of the last occurrence of `needle` in `cms`: the SignerInfo comes after the certificates. */
  const lastIndex = (cms: Uint8Array, needle: number[]) => Buffer.from(cms).lastIndexOf(Buffer.from(needle));
  // countryName KZ as the test PKI writes it: AttributeTypeAndValue { 2.5.4.6, PrintableString "KZ" }.
  const C_KZ = [0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x4b, 0x5a];

  it('an issuer in the sid encoded differently (UTF8String "kz" for PrintableString "KZ") still finds the certificate', async () => {
    const cms = ours.ecdsa;
    const at = lastIndex(cms, C_KZ);
    // Twice in the certificate (issuer, subject), once in the sid.
    expect(Buffer.from(cms).indexOf(Buffer.from(C_KZ))).toBeLessThan(at);
    const recoded = cms.slice();
    recoded.set([0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x0c, 0x02, 0x6b, 0x7a], at);
    expect(Buffer.from(recoded).indexOf(Buffer.from(C_KZ))).toBeLessThan(at);
    const p = sameAsPkijs(recoded);
    expect(p.certificate).toEqual(ecdsa.der);
    expect((await verifyDetached(recoded, content)).errors).toEqual([]);
  });

  it('a sid naming no certificate (another country, another serial number) → certificate null, as before', async () => {
    const cms = ours.ecdsa;
    const otherCountry = cms.slice();
    otherCountry[lastIndex(cms, C_KZ) + 10] = 0x59; // KZ → KY
    expect(sameAsPkijs(otherCountry).certificate).toBeNull();
    expect((await verifyDetached(otherCountry, content)).errors.map((e) => e.code)).toEqual(['SIGN_CMS_INVALID']);

    const serial = new pkijs.Certificate({ schema: asn1js.fromBER(new Uint8Array(ecdsa.der).buffer).result }).serialNumber;
    const serialDer = [...new Uint8Array(serial.toBER())];
    const otherSerial = cms.slice();
    const s = lastIndex(cms, serialDer);
    otherSerial[s + serialDer.length - 1] = otherSerial[s + serialDer.length - 1]! ^ 0x01;
    expect(sameAsPkijs(otherSerial).certificate).toBeNull();
  });

  it('another certificate swapped in → null in both parsers', () => {
    const swapped = reencode(ours.ecdsa, (sd) => {
      sd.certificates = [pkijs.Certificate.fromBER(rsa.der)];
    });
    expect(sameAsPkijs(swapped).certificate).toBeNull();
  });
});

describe('malformed containers → SIGN_CMS_INVALID and nothing else', () => {
  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: truncated at every byte offset`, () => {
      const cms = ours[alg];
      for (let n = 0; n < cms.length; n++) {
        const r = outcome(parseContainer, cms.subarray(0, n));
        expect(r.ok, `truncated to ${n} bytes`).toBe(false);
      }
    });

    it(`${alg}: one byte flipped at every offset (0x01, 0x80, 0xff): SIGN_CMS_INVALID or a result`, () => {
      const cms = ours[alg];
      let accepted = 0;
      for (const mask of [0x01, 0x80, 0xff]) {
        for (let at = 0; at < cms.length; at++) {
          const bad = cms.slice();
          bad[at] = bad[at]! ^ mask;
          if (outcome(parseContainer, bad).ok) accepted++;
        }
      }
      // Flips inside values (signature, key, names) still parse.
      expect(accepted).toBeGreaterThan(0);
    });
  }

  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: a flipped byte (0x01) read by both parsers is read the same; one only the DER reader takes is inside a certificate and verifyDetached refuses it`, async () => {
      const cms = ours[alg];
      const cert = alg === 'rsa' ? rsa.der : ecdsa.der;
      const certAt = Buffer.from(cms).indexOf(Buffer.from(cert));
      // The certificates [0] IMPLICIT tag sits just before the certificate (short header: tag, 0x82, two length octets).
      const setTag = certAt - 4;
      expect(cms[setTag]).toBe(0xa0);
      const differences: string[] = [];
      let onlyFast = 0;
      for (let at = 0; at < cms.length; at++) {
        const bad = cms.slice();
        bad[at] = bad[at]! ^ 0x01;
        const fast = outcome(parseContainer, bad);
        const slow = outcome(parseContainerPkijs, bad);
        if (fast.ok && slow.ok) {
          if (JSON.stringify(fast.facts) !== JSON.stringify(slow.facts)) differences.push(`offset ${at}: read differently`);
        } else if (fast.ok) {
          // The DER reader checks a certificate's outer shape only (verify.ts parses the signer's fully), and skips crls
          // (a [0] flipped to [1] turns the certificates into crls). Anything else pkijs refused, it must refuse too.
          onlyFast++;
          if (!(at === setTag || (at >= certAt && at < certAt + cert.length))) differences.push(`offset ${at}: read, pkijs refused (${slow.ok ? "" : slow.message})`);
          const v = await verifyDetached(bad, content);
          if (v.ok || !v.errors.some((e) => e.code === 'SIGN_CMS_INVALID')) differences.push(`offset ${at}: verifyDetached gave ${JSON.stringify(v.errors)}`);
        }
      }
      expect(differences).toEqual([]);
      expect(onlyFast).toBeLessThan(cert.length / 4);
    });
  }

  it('random bytes, alone or behind a SEQUENCE header', () => {
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.uint8Array({ minLength: 2, maxLength: 600 }).map((b) => Uint8Array.from([0x30, 0x82, b.length >> 8, b.length & 0xff, ...b])),
    );
    fc.assert(fc.property(arb, (bytes) => {
      expect(outcome(parseContainer, bytes).ok).toBe(false);
    }), { numRuns: RUNS });
  });

  it('indefinite lengths (BER, not DER) are refused, outside and inside', () => {
    const cms = ours.ecdsa;
    const root = readTlv(cms, 0);
    const body = cms.subarray(root.valueStart);
    const outer = Uint8Array.from([0x30, 0x80, ...body, 0x00, 0x00]);
    // The pkijs parser took BER.
    expect(parseContainerPkijs(outer).certificate).toEqual(ecdsa.der);
    expect(invalidMessage(outer)).toMatch(/indefinite length/);
    // [0] EXPLICIT content with an indefinite length.
    const oid = readTlv(cms, root.valueStart);
    const explicit = readTlv(cms, oid.valueEnd);
    const inner = Uint8Array.from([...cms.subarray(oid.start, oid.valueEnd), 0xa0, 0x80, ...cms.subarray(explicit.valueStart, explicit.valueEnd), 0x00, 0x00]);
    const innerCms = Uint8Array.from([0x30, 0x82, inner.length >> 8, inner.length & 0xff, ...inner]);
    expect(invalidMessage(innerCms)).toMatch(/indefinite length/);
  });

  it('a non-minimal length is refused', () => {
    const cms = ours.ecdsa;
    const root = readTlv(cms, 0);
    const len = root.valueEnd - root.valueStart;
    const overlong = Uint8Array.from([0x30, 0x83, 0x00, len >> 8, len & 0xff, ...cms.subarray(root.valueStart)]);
    expect(invalidMessage(overlong)).toMatch(/non-minimal length/);
  });

  it('trailing bytes after the ContentInfo', () => {
    for (const tail of [[0x00], [0x00, 0x00], [0x30, 0x00]]) {
      expect(invalidMessage(Uint8Array.from([...ours.ecdsa, ...tail]))).toMatch(/trailing bytes after the ContentInfo/);
    }
  });

  it('two SignerInfos, or none', () => {
    const two = reencode(ours.ecdsa, (sd) => {
      sd.signerInfos.push(sd.signerInfos[0]!);
    });
    expect(invalidMessage(two)).toMatch(/2 SignerInfos, expected exactly one/);
    const none = reencode(ours.ecdsa, (sd) => {
      sd.signerInfos = [];
    });
    expect(invalidMessage(none)).toMatch(/0 SignerInfos, expected exactly one/);
  });

  it('a content type other than id-signedData', () => {
    const cms = ours.ecdsa.slice();
    const oid = readTlv(cms, 2 + (cms[1]! & 0x80 ? cms[1]! & 0x7f : 0));
    cms[oid.valueEnd - 1] = 0x01; // 1.2.840.113549.1.7.2 → 1.2.840.113549.1.7.1 (id-data)
    expect(invalidMessage(cms)).toMatch(/content type 1\.2\.840\.113549\.1\.7\.1 is not SignedData/);
    const data = new Uint8Array(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.1', content: new asn1js.OctetString({ valueHex: content }) }).toSchema().toBER());
    expect(invalidMessage(data)).toMatch(/is not SignedData/);
  });

  it('returned bytes are copies: changing the input afterwards changes nothing', () => {
    const pooled = Buffer.concat([Buffer.from('junk'), ours.ecdsa, Buffer.from('junk')]).subarray(4, 4 + ours.ecdsa.length);
    const p = parseContainer(pooled);
    const before = facts(p);
    pooled.fill(0);
    expect(facts(p)).toEqual(before);
    expect(p.certificate).toEqual(ecdsa.der);
  });
});
