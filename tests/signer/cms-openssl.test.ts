// Interop with OpenSSL 3 `cms`: it accepts our containers, and we verify the detached containers it makes.
import { execFileSync } from 'node:child_process';
import { sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDetached, verifyDetached } from '../../signer/cms.ts';
import { ECDSA_P256_SHA256, RSA_SHA256, type KeyInfo } from '../../signer/provider.ts';
import { makeTestCert, type TestCert } from '../fixtures/pki.ts';

const OPENSSL = '/usr/bin/openssl';
const content = new TextEncoder().encode('{1CClientBankExchange}\r\nСекцияДокумент=Платежное поручение\r\nСумма=105500.50\r\n');

function sessionFor(cert: TestCert) {
  const signature = cert.alg === 'rsa' ? RSA_SHA256 : ECDSA_P256_SHA256;
  const key: KeyInfo = { id: `test:${cert.alg}`, provider: 'test', label: cert.alg, tokenLabel: null, tokenSerial: null, certificate: cert.der, signature };
  return { key, sign: async (data: Uint8Array) => new Uint8Array(sign('sha256', data, cert.privateKey)) };
}

function openssl(args: string[]): string {
  return execFileSync(OPENSSL, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'latin1' });
}

describe.skipIf(!existsSync(OPENSSL))('openssl cms interop', () => {
  let dir: string;
  const certs: Record<'rsa' | 'ecdsa', TestCert> = {} as never;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bankgate-cms-'));
    [certs.rsa, certs.ecdsa] = await Promise.all([makeTestCert({ alg: 'rsa', cn: 'Әлия Ғабитқызы' }), makeTestCert({ alg: 'ecdsa', cn: 'Әлия Ғабитқызы' })]);
    writeFileSync(file('data.bin'), content);
    for (const alg of ['rsa', 'ecdsa'] as const) {
      writeFileSync(file(`${alg}.crt`), certs[alg].pem);
      writeFileSync(file(`${alg}.key`), certs[alg].keyPem);
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const alg of ['rsa', 'ecdsa'] as const) {
    it(`${alg}: openssl cms -verify accepts our container (-noverify and with the self-signed cert as CA)`, async () => {
      for (const [name, signingTime] of [['now', undefined], ['2051', new Date('2051-03-04T05:06:07Z')]] as const) {
        // 2051: a GeneralizedTime signing-time; the certificate is not valid then, which -noverify does not check.
        const der = file(`ours-${alg}-${name}.der`);
        writeFileSync(der, await signDetached({ content, session: sessionFor(certs[alg]), signingTime }));
        const base = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', der, '-content', file('data.bin'), '-purpose', 'any', '-out', file('out.bin')];
        expect(() => openssl([...base, '-noverify'])).not.toThrow();
        expect(readFileSync(file('out.bin'))).toEqual(Buffer.from(content));
        if (name === 'now') expect(() => openssl([...base, '-CAfile', file(`${alg}.crt`)])).not.toThrow();
      }
      // A changed content must fail in OpenSSL too.
      writeFileSync(file('other.bin'), Buffer.concat([Buffer.from(content), Buffer.from('x')]));
      expect(() => openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', file(`ours-${alg}-now.der`), '-content', file('other.bin'), '-noverify', '-purpose', 'any', '-out', file('out.bin')])).toThrow();
    });

    it(`${alg}: we verify a detached container made by openssl cms -sign -md sha256`, async () => {
      const der = file(`openssl-${alg}.der`);
      openssl(['cms', '-sign', '-binary', '-md', 'sha256', '-in', file('data.bin'), '-signer', file(`${alg}.crt`), '-inkey', file(`${alg}.key`), '-outform', 'DER', '-out', der]);
      const r = await verifyDetached(readFileSync(der), content);
      expect(r.errors).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.certificateDer).toEqual(certs[alg].der);
      expect(r.certificate?.commonName).toBe('Әлия Ғабитқызы');
      expect(Math.abs(r.signingTime!.getTime() - Date.now())).toBeLessThan(60_000);
      const changed = content.slice();
      changed[0] = changed[0]! ^ 1;
      expect((await verifyDetached(readFileSync(der), changed)).errors.map((e) => e.code)).toEqual(['SIGN_SIGNATURE_INVALID']);
    });
  }

  it('an attached container (-nodetach) is refused as not detached', async () => {
    const der = file('attached.der');
    openssl(['cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-in', file('data.bin'), '-signer', file('ecdsa.crt'), '-inkey', file('ecdsa.key'), '-outform', 'DER', '-out', der]);
    const r = await verifyDetached(readFileSync(der), content);
    expect(r.errors.map((e) => e.code)).toEqual(['SIGN_CMS_INVALID']);
    expect(r.errors[0]!.message).toMatch(/attached/);
  });

  it('a container without signed attributes (-noattr) is refused: no signing-time', async () => {
    const der = file('noattr.der');
    openssl(['cms', '-sign', '-binary', '-noattr', '-md', 'sha256', '-in', file('data.bin'), '-signer', file('rsa.crt'), '-inkey', file('rsa.key'), '-outform', 'DER', '-out', der]);
    const r = await verifyDetached(readFileSync(der), content);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.code)).toEqual(['SIGN_CMS_INVALID']);
    expect(r.signingTime).toBeNull();
  });
});
