// A self-signed signing certificate with an NCA RK-style subject, for the demo profile's generated key.
import 'reflect-metadata';
import { webcrypto, KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface SelfSigned {
  /** PKCS#8 PEM of the private key, encrypted with the passphrase, followed by the certificate PEM. */
  pem: string;
  certificateDer: Uint8Array;
}

export async function selfSignedSigner(o: { cn: string; iin?: string; bin?: string; days: number; passphrase: string }): Promise<SelfSigned> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const name: x509.JsonName = [{ CN: [o.cn] }];
  if (o.iin) name.push({ '2.5.4.5': [`IIN${o.iin}`] });
  if (o.bin) name.push({ OU: [`BIN${o.bin}`] });
  name.push({ C: ['KZ'] });
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: now.toString(16),
    name: new x509.Name(name),
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + o.days * 86_400_000),
    keys: keys as never,
    signingAlgorithm: alg,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true), new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.4'])],
  });
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: o.passphrase }) as string;
  return { pem: keyPem + cert.toString('pem') + '\n', certificateDer: new Uint8Array(cert.rawData) };
}
