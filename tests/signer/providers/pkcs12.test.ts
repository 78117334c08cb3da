// PKCS#12 reading: empty passwords (both MAC conventions), MAC-less files, non-PKCS#12 input, unsupported PBE schemes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlgorithmIdentifier } from 'pkijs';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../gateway/core/errors.ts';
import { pbeDecrypt, UnsupportedPbeError } from '../../../signer/providers/pbe.ts';
import { readPkcs12Public, unlockPkcs12 } from '../../../signer/providers/pkcs12.ts';
import { makeTestCert } from '../../fixtures/pki.ts';
import { requirePart } from './require.ts';
import { thrownCode } from '../../fixtures/thrown-code.ts';

const run = requirePart('openssl CLI', spawnSync('openssl', ['version']).status === 0, 'the `openssl` command is not on PATH');
let dir: string | null = null;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function makeP12(name: string, args: string[]): Promise<Uint8Array> {
  dir ??= mkdtempSync(join(tmpdir(), 'bankgate-p12-'));
  const cert = await makeTestCert();
  writeFileSync(join(dir, `${name}.key`), cert.keyPem);
  writeFileSync(join(dir, `${name}.crt`), cert.pem);
  const out = join(dir, `${name}.p12`);
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, `${name}.key`), '-in', join(dir, `${name}.crt`), '-out', out, ...args], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(out));
}

const rejectCode = thrownCode;

describe.skipIf(!run)('PKCS#12', () => {
  it('opens files with an empty password, OpenSSL 3 default and -legacy', async () => {
    for (const extra of [[], ['-legacy']]) {
      const der = await makeP12(`empty${extra.length}`, ['-passout', 'pass:', ...extra]);
      const u = unlockPkcs12(der, '', 'empty.p12');
      expect(u.certificates).toHaveLength(1);
      expect(u.pkcs8.length).toBeGreaterThan(100);
      expect(rejectCode(() => unlockPkcs12(der, 'x', 'empty.p12'))).toBe('SIGN_PASSWORD_INCORRECT');
    }
  });

  it('reads key attributes without the password and sees the encrypted certificate safe', async () => {
    const der = await makeP12('attrs', ['-passout', 'pass:pw', '-name', 'Менің кілтім']);
    const pub = readPkcs12Public(der, 'attrs.p12');
    expect(pub.encrypted).toBe(true);
    expect(pub.certificates).toHaveLength(0);
    expect(pub.key?.friendlyName).toBe('Менің кілтім');
    expect(pub.key?.localKeyId).toMatch(/^[0-9a-f]+$/);
  });

  it('without a MAC, a wrong password shows as SIGN_PASSWORD_INCORRECT from decryption', async () => {
    const der = await makeP12('nomac', ['-passout', 'pass:pw', '-nomac']);
    expect(unlockPkcs12(der, 'pw', 'nomac.p12').certificates).toHaveLength(1);
    expect(rejectCode(() => unlockPkcs12(der, 'wrong', 'nomac.p12'))).toBe('SIGN_PASSWORD_INCORRECT');
  });

  it('answers SIGN_KEY_FILE_UNREADABLE naming the file for non-PKCS#12 input', () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('hello'), Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)]) {
      try {
        readPkcs12Public(bytes, '/keys/bad.p12');
        throw new Error('accepted');
      } catch (e) {
        expect((e as GatewayError).code).toBe('SIGN_KEY_FILE_UNREADABLE');
        expect((e as GatewayError).message).toContain('/keys/bad.p12');
      }
    }
  });
});

describe('pbeDecrypt', () => {
  it('throws UnsupportedPbeError for schemes it does not implement (RC4, unknown)', () => {
    expect(() => pbeDecrypt(new AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.12.1.1' }), 'pw', new Uint8Array(16))).toThrow(UnsupportedPbeError);
    expect(() => pbeDecrypt(new AlgorithmIdentifier({ algorithmId: '1.2.3.4' }), 'pw', new Uint8Array(16))).toThrow(UnsupportedPbeError);
  });
});
