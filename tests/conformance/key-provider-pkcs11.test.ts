// Runs the KeyProvider conformance suite against the PKCS#11 provider on a real SoftHSM2 token (ECDSA P-256 and RSA-2048
// keys made inside the token), plus absent token, missing module, vendor-mechanism passthrough and token removal.
import { X509Certificate, constants, publicDecrypt, verify, createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/core/errors.ts';
import { createPkcs11Provider } from '../../signer/providers/pkcs11.ts';
import type { TestCert } from '../fixtures/pki.ts';
import { createSoftHsm, softhsmMissing, SOFTHSM_MODULE, SOFTHSM_PIN, type SoftHsm } from '../fixtures/softhsm.ts';
import { requirePart } from '../signer/providers/require.ts';
import { keyProviderConformance, type KeyProviderSetup } from './key-provider.conformance.ts';

const MODULE = SOFTHSM_MODULE;
const PIN = SOFTHSM_PIN;
const MAIN = 'bankgate-test';
/** A second token, deleted by the last test while a session is open on it. */
const REMOVABLE = 'bankgate-removable';

const missing = softhsmMissing();
const run = requirePart('SoftHSM2', missing.length === 0, `missing ${missing.join(', ')} (Debian: apt-get install softhsm2 opensc)`);

let dir = '';
let serials: Record<string, string> = {};
let ca: TestCert;
let hsm: SoftHsm;
const previousConf = process.env['SOFTHSM2_CONF'];
const softhsm = (...args: string[]) => hsm.softhsm(...args);
const p11 = (token: string, ...args: string[]) => hsm.p11(token, ...args);
const tokenKey = (token: string, id: string, keyType: string, label: string, cn: string) => hsm.tokenKey(token, id, keyType, label, { cn, iin: '880101400123' });

const ecId = () => `pkcs11:${serials[MAIN]}:01`;
const rsaId = () => `pkcs11:${serials[MAIN]}:02`;

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GatewayError);
  return e as GatewayError;
}

const certKey = (der: Uint8Array) => new X509Certificate(der).publicKey;

describe.skipIf(!run)('PKCS#11 provider on SoftHSM2', () => {
  beforeAll(async () => {
    hsm = await createSoftHsm([MAIN, REMOVABLE]);
    ({ dir, serials, ca } = hsm);
    // pkcs11js loads SoftHSM2 into this process; it reads SOFTHSM2_CONF at C_Initialize, and sees only tokens that exist then.
    process.env['SOFTHSM2_CONF'] = hsm.conf;
    expect(Object.keys(serials).sort()).toEqual([MAIN, REMOVABLE].sort());
    await tokenKey(MAIN, '01', 'EC:prime256v1', 'ЭЦП директора', 'ДИРЕКТОРОВ ДИРЕКТОР');
    await tokenKey(MAIN, '02', 'rsa:2048', 'rsa-key', 'БУХГАЛТЕРОВА БАС');
    await tokenKey(REMOVABLE, '01', 'EC:prime256v1', 'removable', 'ALINA');
    // A CA certificate without a key on the token: it must not be listed as a key.
    const caPath = join(dir, 'ca.der');
    writeFileSync(caPath, ca.der);
    p11(MAIN, '--write-object', caPath, '--type', 'cert', '--id', '99', '--label', 'CA');
  });

  afterAll(() => {
    if (previousConf === undefined) delete process.env['SOFTHSM2_CONF'];
    else process.env['SOFTHSM2_CONF'] = previousConf;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const suite = (algorithm: KeyProviderSetup['algorithm'], keyId: () => string) => async (): Promise<KeyProviderSetup> => ({
    provider: createPkcs11Provider({ module: MODULE, token_label: MAIN }),
    keyId: keyId(),
    secret: PIN,
    wrongSecret: '0000',
    wrongSecretCode: 'SIGN_PIN_INCORRECT',
    unknownId: `pkcs11:${serials[MAIN]}:7f`,
    algorithm,
  });
  keyProviderConformance('PKCS#11 SoftHSM2 ECDSA P-256 (CKM_ECDSA, host SHA-256, r||s → DER)', suite('ecdsa-p256-sha256', ecId));
  keyProviderConformance('PKCS#11 SoftHSM2 RSA-2048 (CKM_SHA256_RSA_PKCS)', suite('rsa-sha256', rsaId));

  describe('token listing and errors', () => {
    it('lists the token keys paired by CKA_ID, with labels, token label and serial; not the key-less CA certificate', async () => {
      const provider = createPkcs11Provider({ module: MODULE, name: 'hsm' });
      const keys = await provider.list();
      const mine = keys.filter((k) => k.tokenLabel === MAIN).sort((a, b) => a.id.localeCompare(b.id));
      expect(mine.map((k) => [k.id, k.label, k.signature.algorithm, k.provider, k.tokenSerial])).toEqual([
        [ecId(), 'ЭЦП директора', 'ecdsa-p256-sha256', 'hsm', serials[MAIN]],
        [rsaId(), 'rsa-key', 'rsa-sha256', 'hsm', serials[MAIN]],
      ]);
      expect(keys.filter((k) => k.tokenLabel === REMOVABLE)).toHaveLength(1);
      expect(new X509Certificate(mine[0]!.certificate).subject).toContain('ДИРЕКТОРОВ ДИРЕКТОР');
      await provider.close();
    });

    it('signs with two keys of one token at once; closing one keeps the other logged in', async () => {
      const provider = createPkcs11Provider({ module: MODULE, token_label: MAIN });
      const ec = await provider.open(ecId(), PIN);
      const rsa = await provider.open(rsaId(), PIN);
      const data = Uint8Array.of(1, 2, 3, 4);
      const [s1, s2] = await Promise.all([ec.sign(data), rsa.sign(data)]);
      expect(verify('sha256', data, { key: certKey(ec.key.certificate), dsaEncoding: 'der' }, s1)).toBe(true);
      expect(verify('sha256', data, certKey(rsa.key.certificate), s2)).toBe(true);
      await ec.close();
      expect(verify('sha256', data, certKey(rsa.key.certificate), await rsa.sign(data))).toBe(true);
      // A second open with a wrong PIN while logged in is still refused (checked without a second C_Login).
      expect((await rejection(provider.open(ecId(), '9999'))).code).toBe('SIGN_PIN_INCORRECT');
      await provider.close(); // closes the RSA session too
      expect((await rejection(rsa.sign(data))).code).toBe('SIGN_SESSION_LOCKED');
    });

    it('restricts to token_serial / public_key_oid', async () => {
      const onlyEc = createPkcs11Provider({ module: MODULE, token_serial: serials[MAIN], public_key_oid: '1.2.840.10045.2.1' });
      expect((await onlyEc.list()).map((k) => k.id)).toEqual([ecId()]);
      expect((await rejection(onlyEc.open(rsaId(), PIN))).code).toBe('SIGN_KEY_NOT_FOUND');
      expect((await rejection(onlyEc.open(`pkcs11:${serials[REMOVABLE]}:01`, PIN))).code).toBe('SIGN_KEY_NOT_FOUND');
      await onlyEc.close();
    });

    it('answers SIGN_TOKEN_NOT_PRESENT for a configured token that is not there', async () => {
      const provider = createPkcs11Provider({ module: MODULE, token_serial: 'feedfacecafebeef' });
      expect(await provider.list()).toEqual([]);
      const e = await rejection(provider.open('pkcs11:feedfacecafebeef:01', PIN));
      expect(e.code).toBe('SIGN_TOKEN_NOT_PRESENT');
      await provider.close();
    });

    it('answers SIGN_PROVIDER_UNAVAILABLE naming a missing module path', async () => {
      const path = join(dir, 'no-such-pkcs11.so');
      const provider = createPkcs11Provider({ module: path });
      const e = await rejection(provider.list());
      expect(e.code).toBe('SIGN_PROVIDER_UNAVAILABLE');
      expect(e.message).toContain(path);
      expect((await rejection(provider.open(ecId(), PIN))).code).toBe('SIGN_PROVIDER_UNAVAILABLE');
      await provider.close();
      // A file that is not a shared library: same code, the loader's reason in the message.
      const notLib = join(dir, 'not-a-library.so');
      writeFileSync(notLib, 'plain text');
      expect((await rejection(createPkcs11Provider({ module: notLib }).list())).code).toBe('SIGN_PROVIDER_UNAVAILABLE');
    });

    it('passes a vendor mechanism through: token hashes the data, output used as-is, configured OIDs', async () => {
      // CKM_SHA384_RSA_PKCS given by number stands in for a vendor GOST mechanism (kz-formats.md 6.4): unknown to the
      // provider, so it must neither hash nor reformat, and must report the configured OIDs.
      const provider = createPkcs11Provider({
        module: MODULE,
        token_label: MAIN,
        mechanism: 0x41,
        digest_oid: '2.16.840.1.101.3.4.2.2',
        signature_oid: '1.2.840.113549.1.1.12',
        public_key_oid: '1.2.840.113549.1.1.1',
      });
      const [key] = await provider.list();
      expect(key!.signature).toEqual({ algorithm: 'custom', digestOid: '2.16.840.1.101.3.4.2.2', digestName: null, signatureOid: '1.2.840.113549.1.1.12' });
      const session = await provider.open(rsaId(), PIN);
      const data = new TextEncoder().encode('GOST stand-in');
      expect(verify('sha384', data, certKey(session.key.certificate), await session.sign(data))).toBe(true);
      await provider.close();
    });

    it('passes a vendor mechanism with hash_on_host: the token gets the host digest', async () => {
      // CKM_RSA_X_509 (raw RSA) shows exactly what the token was given: the SHA-256 digest, zero-padded on the left.
      const provider = createPkcs11Provider({
        module: MODULE,
        token_label: MAIN,
        mechanism: 'CKM_RSA_X_509',
        hash_on_host: true,
        digest_oid: '2.16.840.1.101.3.4.2.1',
        signature_oid: '1.2.840.113549.1.1.11',
        public_key_oid: '1.2.840.113549.1.1.1',
      });
      const session = await provider.open(rsaId(), PIN);
      expect(session.key.signature.digestName).toBe('SHA-256');
      const data = new TextEncoder().encode('digest on host');
      const raw = publicDecrypt({ key: certKey(session.key.certificate), padding: constants.RSA_NO_PADDING }, await session.sign(data));
      expect(raw.subarray(raw.length - 32).equals(createHash('sha256').update(data).digest())).toBe(true);
      await provider.close();
    });

    it('rejects vendor options that do not fit', () => {
      expect(() => createPkcs11Provider({ module: MODULE, mechanism: 0x80000001 })).toThrow(/signature_oid/);
      expect(() => createPkcs11Provider({ module: MODULE, mechanism: 'CKM_NO_SUCH' })).toThrow(/mechanism/);
      expect(() => createPkcs11Provider({ module: MODULE, digest_oid: '1.2.3' })).toThrow(/vendor/);
    });

    // Last: SoftHSM2 answers CKR_GENERAL_ERROR to C_GetSlotList after a token is deleted under a live library, until
    // C_Finalize; every other provider of this file is closed by now, so the module is finalized afterwards.
    it('answers SIGN_DEVICE_REMOVED when the token is deleted while a session is open', async () => {
      const provider = createPkcs11Provider({ module: MODULE, token_label: REMOVABLE });
      const session = await provider.open(`pkcs11:${serials[REMOVABLE]}:01`, PIN);
      const data = Uint8Array.of(7);
      expect(verify('sha256', data, { key: certKey(session.key.certificate), dsaEncoding: 'der' }, await session.sign(data))).toBe(true);
      softhsm('--delete-token', '--serial', serials[REMOVABLE]!);
      const e = await rejection(session.sign(data));
      expect(e.code).toBe('SIGN_DEVICE_REMOVED');
      // What SoftHSM2 2.6 actually returns: the key object is gone, C_SignInit → CKR_OBJECT_HANDLE_INVALID.
      expect(e.details?.['ckr']).toBe('CKR_OBJECT_HANDLE_INVALID');
      await session.close();
      await provider.close();
    });
  });
});
