// Runs the KeyProvider conformance suite against the software provider: PKCS#12 files made by the openssl CLI (OpenSSL 3
// defaults and -legacy) and PEM keys, RSA-2048 and ECDSA P-256; plus the refusals and NCA-style subjects.
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/core/errors.ts';
import { parseCertificate } from '../../signer/certificate.ts';
import { createSoftwareProvider, softwareKeyId, type SoftwareProviderOptions } from '../../signer/providers/software.ts';
import { makeTestCert, type TestCert } from '../fixtures/pki.ts';
import { requirePart } from '../signer/providers/require.ts';
import { keyProviderConformance, type KeyProviderSetup } from './key-provider.conformance.ts';

const opensslVersion = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const hasOpenssl = opensslVersion.status === 0 && /OpenSSL 3\./.test(opensslVersion.stdout);
const run = requirePart('openssl CLI', hasOpenssl, 'PKCS#12 files are made with the OpenSSL 3 `openssl` command, which is not on PATH');

const PASSWORD = 'Құпия-сөз 1';
const WRONG = 'wrong-password';
const CN = 'ӘЛІБЕКОВА АЙГҮЛ ҚАНАТҚЫЗЫ';
const IIN = '880101400123';
const BIN = '123456789021';

let dir: string | null = null;
const workDir = () => (dir ??= mkdtempSync(join(tmpdir(), 'bankgate-swkeys-')));
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function file(name: string, content: string | Uint8Array): string {
  const path = join(workDir(), `${n++}-${name}`);
  writeFileSync(path, content);
  return path;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

interface Pki {
  ca: TestCert;
  ec: TestCert;
  rsa: TestCert;
}
let pkiPromise: Promise<Pki> | null = null;
/** One CA, an ECDSA and an RSA signing certificate with NCA RK subjects, made once for the whole file. */
const pki = () =>
  (pkiPromise ??= (async () => {
    const ca = await makeTestCert({ alg: 'ecdsa', cn: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)', usage: 'none' });
    const ec = await makeTestCert({ alg: 'ecdsa', cn: CN, iin: IIN, bin: BIN, issuer: ca });
    const rsa = await makeTestCert({ alg: 'rsa', cn: 'ТЕСТОВ ТЕСТ ТЕСТОВИЧ', iin: '770707300456', issuer: ca });
    return { ca, ec, rsa };
  })());

/** A PKCS#12 file from the openssl CLI: key + certificate + CA chain. */
function p12(cert: TestCert, ca: TestCert, name: string, extra: string[] = [], password = PASSWORD): string {
  const key = file(`${name}.key.pem`, cert.keyPem);
  const crt = file(`${name}.crt.pem`, cert.pem);
  const chain = file(`${name}.ca.pem`, ca.pem);
  const out = join(workDir(), `${n++}-${name}.p12`);
  openssl(['pkcs12', '-export', '-inkey', key, '-in', crt, '-certfile', chain, '-out', out, '-passout', `pass:${password}`, ...extra]);
  return out;
}

function encryptedPkcs8(cert: TestCert, name: string): string {
  const key = file(`${name}.plain.pem`, cert.keyPem);
  const out = join(workDir(), `${n++}-${name}.enc.pem`);
  openssl(['pkcs8', '-topk8', '-in', key, '-out', out, '-v2', 'aes-256-cbc', '-passout', `pass:${PASSWORD}`]);
  return out;
}

const algorithmOf = (c: TestCert): KeyProviderSetup['algorithm'] => (c.alg === 'rsa' ? 'rsa-sha256' : 'ecdsa-p256-sha256');

/** A provider over one key file; the id is taken from list() so the suite checks what the provider itself reports. */
async function setupFor(options: SoftwareProviderOptions, cert: TestCert, o: { wrong: boolean; listsCertificate: boolean }): Promise<KeyProviderSetup> {
  const provider = createSoftwareProvider(options);
  const listed = await provider.list();
  expect(listed).toHaveLength(1);
  return {
    provider,
    keyId: listed[0]!.id,
    secret: PASSWORD,
    wrongSecret: o.wrong ? WRONG : null,
    wrongSecretCode: 'SIGN_PASSWORD_INCORRECT',
    unknownId: `software:${'0'.repeat(64)}`,
    algorithm: algorithmOf(cert),
    listsCertificate: o.listsCertificate,
  };
}

if (run) {
  for (const alg of ['ec', 'rsa'] as const) {
    const label = alg === 'ec' ? 'ECDSA P-256' : 'RSA-2048';
    keyProviderConformance(`software PKCS#12 OpenSSL 3 default (PBES2/AES-256, HMAC-SHA256), ${label}`, async () => {
      const { ca, [alg]: cert } = await pki();
      return setupFor({ keys: [{ path: p12(cert, ca, `${alg}-default`) }] }, cert, { wrong: true, listsCertificate: false });
    });
    keyProviderConformance(`software PKCS#12 -legacy (3DES key, RC2-40 certificates, HMAC-SHA1), ${label}`, async () => {
      const { ca, [alg]: cert } = await pki();
      return setupFor({ keys: [{ path: p12(cert, ca, `${alg}-legacy`, ['-legacy']) }] }, cert, { wrong: true, listsCertificate: false });
    });
    keyProviderConformance(`software PEM PKCS#8 with the certificate in the same file, ${label}`, async () => {
      const { [alg]: cert } = await pki();
      return setupFor({ keys: [{ path: file(`${alg}.pem`, `${cert.keyPem}${cert.pem}`) }] }, cert, { wrong: false, listsCertificate: true });
    }, { secretProtected: false });
    keyProviderConformance(`software PEM encrypted PKCS#8 with cert_path (DER), ${label}`, async () => {
      const { [alg]: cert } = await pki();
      const options = { keys: [{ path: encryptedPkcs8(cert, alg), cert_path: file(`${alg}.crt.der`, cert.der) }] };
      return setupFor(options, cert, { wrong: true, listsCertificate: true });
    });
  }
  keyProviderConformance('software PKCS#12 with unencrypted certificates (-certpbe NONE), ECDSA P-256', async () => {
    const { ca, ec } = await pki();
    return setupFor({ keys: [{ path: p12(ec, ca, 'ec-certpbe-none', ['-certpbe', 'NONE']) }] }, ec, { wrong: true, listsCertificate: true });
  });
  keyProviderConformance('software PKCS#12 -legacy without MAC (-nomac), RSA-2048', async () => {
    const { ca, rsa } = await pki();
    return setupFor({ keys: [{ path: p12(rsa, ca, 'rsa-nomac', ['-legacy', '-nomac']) }] }, rsa, { wrong: true, listsCertificate: false });
  });

  describe('software provider: files and refusals', () => {
    const code = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(GatewayError);
      return e as GatewayError;
    };

    it('reads SEC1 (EC PRIVATE KEY), PKCS#1 (RSA PRIVATE KEY) and legacy-encrypted PEM keys', async () => {
      const { ca, ec, rsa } = await pki();
      const other = await makeTestCert({ alg: 'ecdsa', issuer: ca });
      const sec1 = file('sec1.pem', `${ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string}${ec.pem}`);
      const pkcs1 = file('pkcs1.pem', `${rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string}${rsa.pem}`);
      // OpenSSL's traditional encryption: `Proc-Type: 4,ENCRYPTED` + `DEK-Info` headers inside an EC PRIVATE KEY block.
      const legacyEnc = file('sec1-enc.pem', `${other.privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD }) as string}${other.pem}`);
      const provider = createSoftwareProvider({ keys: [{ path: sec1 }, { path: pkcs1 }, { path: legacyEnc }] });
      const keys = await provider.list();
      expect(keys.map((k) => k.signature.algorithm)).toEqual(['ecdsa-p256-sha256', 'rsa-sha256', 'ecdsa-p256-sha256']);
      for (const k of keys) {
        const session = await provider.open(k.id, PASSWORD);
        expect((await session.sign(Uint8Array.of(1))).length).toBeGreaterThan(0);
        await session.close();
      }
      expect((await code(provider.open(keys[2]!.id, WRONG))).code).toBe('SIGN_PASSWORD_INCORRECT');
      await provider.close();
    });

    it('reads an NCA-style subject (IIN, BIN) and a Kazakh CN from the listed certificate; keeps the friendly name', async () => {
      const { ca, ec } = await pki();
      const path = p12(ec, ca, 'nca', ['-certpbe', 'NONE', '-name', 'Қолтаңба кілті']);
      const provider = createSoftwareProvider({ keys: [{ path }] });
      const [key] = await provider.list();
      const info = parseCertificate(key!.certificate);
      expect(info.iin).toBe(IIN);
      expect(info.bin).toBe(BIN);
      expect(info.commonName).toBe(CN);
      expect(key!.label).toBe('Қолтаңба кілті');
      expect(key!.tokenLabel).toBe(path);
      expect(key!.id).toBe(`software:${info.fingerprint}`);
      await provider.close();
    });

    it('gives a path-derived id to a PKCS#12 whose certificates need the password, and shows the certificate once opened', async () => {
      const { ca, ec } = await pki();
      const path = p12(ec, ca, 'locked');
      const provider = createSoftwareProvider({ keys: [{ path }] });
      const [before] = await provider.list();
      expect(before!.id).toBe(softwareKeyId({ certificate: null, path }));
      expect(before!.id).toMatch(/^software:file:[0-9a-f]{64}$/);
      expect(before!.certificate).toHaveLength(0);
      const session = await provider.open(before!.id, PASSWORD);
      expect(parseCertificate(session.key.certificate).iin).toBe(IIN);
      const [after] = await provider.list();
      expect(after!.id).toBe(before!.id);
      expect(parseCertificate(after!.certificate).commonName).toBe(CN);
      await session.close();
      await provider.close();
    });

    it('uses cert_path for a PKCS#12 with encrypted certificates: the id is then the certificate hash', async () => {
      const { ca, ec } = await pki();
      const provider = createSoftwareProvider({ keys: [{ path: p12(ec, ca, 'with-cert'), cert_path: file('leaf.pem', ec.pem) }] });
      const [key] = await provider.list();
      expect(key!.id).toBe(`software:${parseCertificate(ec.der).fingerprint}`);
      await (await provider.open(key!.id, PASSWORD)).close();
      await provider.close();
    });

    it('refuses RSA-1024 with SIGN_KEY_UNSUPPORTED (PEM at list, PKCS#12 at open)', async () => {
      const { ca } = await pki();
      const weak = await makeTestCert({ alg: 'rsa', rsaBits: 1024, issuer: ca });
      const pem = createSoftwareProvider({ keys: [{ path: file('rsa1024.pem', `${weak.keyPem}${weak.pem}`) }] });
      const e1 = await code(pem.list());
      expect(e1.code).toBe('SIGN_KEY_UNSUPPORTED');
      expect(e1.message).toContain('1024');
      const p12provider = createSoftwareProvider({ keys: [{ path: p12(weak, ca, 'rsa1024') }] });
      const [locked] = await p12provider.list();
      expect((await code(p12provider.open(locked!.id, PASSWORD))).code).toBe('SIGN_KEY_UNSUPPORTED');
    });

    it('refuses a P-384 key with SIGN_KEY_UNSUPPORTED', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const key = file('p384.key.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
      const crt = join(workDir(), `${n++}-p384.crt.pem`);
      openssl(['req', '-x509', '-key', key, '-subj', '/CN=P-384 test', '-days', '2', '-out', crt]);
      const pem = createSoftwareProvider({ keys: [{ path: key, cert_path: crt }] });
      const e = await code(pem.list());
      expect(e.code).toBe('SIGN_KEY_UNSUPPORTED');
      expect(e.message).toContain('secp384r1');
      const out = join(workDir(), `${n++}-p384.p12`);
      openssl(['pkcs12', '-export', '-inkey', key, '-in', crt, '-out', out, '-passout', `pass:${PASSWORD}`]);
      const p12provider = createSoftwareProvider({ keys: [{ path: out }] });
      const [locked] = await p12provider.list();
      expect((await code(p12provider.open(locked!.id, PASSWORD))).code).toBe('SIGN_KEY_UNSUPPORTED');
    });

    it('answers SIGN_KEY_FILE_UNREADABLE with the path for a file that is not PKCS#12 or PEM', async () => {
      const path = file('garbage.p12', 'this is not a key file');
      const e = await code(createSoftwareProvider({ keys: [{ path }] }).list());
      expect(e.code).toBe('SIGN_KEY_FILE_UNREADABLE');
      expect(e.message).toContain(path);
      expect(e.details?.['path']).toBe(path);
    });

    it('answers SIGN_KEY_FILE_UNREADABLE when the certificate is not the key\'s', async () => {
      const { ec, rsa } = await pki();
      const e = await code(createSoftwareProvider({ keys: [{ path: file('mismatch.pem', ec.keyPem), cert_path: file('other.pem', rsa.pem) }] }).list());
      expect(e.code).toBe('SIGN_KEY_FILE_UNREADABLE');
      expect(e.message).toMatch(/belongs to its private key/);
      const enc = createSoftwareProvider({ keys: [{ path: encryptedPkcs8(ec, 'mismatch'), cert_path: file('other.der', rsa.der) }] });
      const [key] = await enc.list();
      const e2 = await code(enc.open(key!.id, PASSWORD));
      expect(e2.code).toBe('SIGN_KEY_FILE_UNREADABLE');
      expect(e2.message).toMatch(/does not belong/);
    });

    it('skips a key file that is absent (removable media) and still lists the others', async () => {
      const { ec } = await pki();
      const present = file('present.pem', `${ec.keyPem}${ec.pem}`);
      const provider = createSoftwareProvider({ keys: [{ path: join(workDir(), 'absent.p12') }, { path: present }] });
      const keys = await provider.list();
      expect(keys.map((k) => k.tokenLabel)).toEqual([present]);
    });

    it('lists a certificate configured twice once (the first file wins)', async () => {
      const { ec } = await pki();
      const a = file('dup-a.pem', `${ec.keyPem}${ec.pem}`);
      const b = file('dup-b.pem', `${ec.keyPem}${ec.pem}`);
      const keys = await createSoftwareProvider({ keys: [{ path: a }, { path: b }] }).list();
      expect(keys.map((k) => k.tokenLabel)).toEqual([a]);
    });

    it('rejects bad options with zod', () => {
      expect(() => createSoftwareProvider({ keys: [{ path: '' }] })).toThrow();
      expect(() => createSoftwareProvider({ keys: [{ path: 'a.p12', pin: 'x' } as never] })).toThrow();
    });
  });
}
