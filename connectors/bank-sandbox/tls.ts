// The sandbox's HTTPS identity: a self-signed ECDSA P-256 certificate made at first start and kept in dataDir/tls,
// so its SHA-256 fingerprint (what a connector pins, CONN_TLS_PIN) is the same after every restart.
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface TlsIdentity {
  certPem: string;
  keyPem: string;
  /** Hex SHA-256 of the certificate DER. */
  fingerprint: string;
}

const YEAR = 365 * 86_400_000;

function pemBody(label: string, der: ArrayBuffer): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

async function create(host: string): Promise<{ certPem: string; keyPem: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const names: { type: 'dns' | 'ip'; value: string }[] = [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }, { type: 'ip', value: '::1' }];
  if (host && !names.some((n) => n.value === host) && host !== '0.0.0.0' && host !== '::') names.push({ type: isIP(host) ? 'ip' : 'dns', value: host });
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash('sha256').update(String(now)).digest('hex').slice(0, 16),
    name: 'CN=bankgate sandbox bank, O=bankgate, C=KZ',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 10 * YEAR),
    keys: keys as never,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: pemBody('PRIVATE KEY', pkcs8) };
}

export async function loadOrCreateTls(dataDir: string, host: string): Promise<TlsIdentity> {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const made = await create(host);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, made.keyPem, { mode: 0o600 });
    writeFileSync(certFile, made.certPem);
  }
  const certPem = readFileSync(certFile, 'utf8');
  const der = x509.PemConverter.decodeFirst(certPem);
  return { certPem, keyPem: readFileSync(keyFile, 'utf8'), fingerprint: createHash('sha256').update(Buffer.from(der)).digest('hex') };
}
