// The KeyProvider conformance suite: every provider (key files, PKCS#11 tokens) must pass it unchanged.
import { X509Certificate, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../gateway/core/error-codes.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { KeyAlgorithm, KeyProvider, KeySession } from '../../signer/provider.ts';

export interface KeyProviderSetup {
  provider: KeyProvider;
  /** A key the provider holds. */
  keyId: string;
  secret: string;
  /** A wrong secret, or null when the key has none to get wrong (an unencrypted PEM key). */
  wrongSecret: string | null;
  /** What the wrong secret gives: SIGN_PASSWORD_INCORRECT for files, SIGN_PIN_INCORRECT for tokens. */
  wrongSecretCode: ErrorCode;
  /** An id in the provider's own id space that names no key. */
  unknownId: string;
  algorithm: KeyAlgorithm;
  /**
   * False when list() cannot show the certificate before the first open (PKCS#12 with password-encrypted certificates
   * and no cert_path): the listed certificate is then empty until open() has read it.
   */
  listsCertificate?: boolean;
}

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GatewayError);
  return e as GatewayError;
}

function verifies(certificate: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  const key = new X509Certificate(certificate).publicKey;
  return verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
}

/** Deterministic varied inputs: sizes 0..64 KiB, patterns that differ in one byte. */
function inputs(): Uint8Array[] {
  const out: Uint8Array[] = [new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0xff)];
  let x = 12345;
  for (const size of [1, 2, 31, 32, 33, 64, 100, 1000, 4096, 65_536]) {
    const b = new Uint8Array(size);
    for (let i = 0; i < size; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    out.push(b, Uint8Array.from(b, (v, i) => (i === 0 ? v ^ 1 : v)));
  }
  return out;
}

/** `secretProtected: false` for key files without a password (unencrypted PEM): any secret opens them. */
export function keyProviderConformance(name: string, setup: () => Promise<KeyProviderSetup>, opts: { secretProtected?: boolean } = {}): void {
  const secretProtected = opts.secretProtected ?? true;
  describe(`KeyProvider conformance: ${name}`, () => {
    let s: KeyProviderSetup;
    const open: KeySession[] = [];
    const openKey = async (id = s.keyId, secret = s.secret) => {
      const session = await s.provider.open(id, secret);
      open.push(session);
      return session;
    };

    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      for (const session of open) await session.close();
      await s?.provider.close();
    });

    it('lists the key with a DER certificate whose public key verifies the session signatures', async () => {
      const listed = (await s.provider.list()).find((k) => k.id === s.keyId);
      expect(listed, `list() shows ${s.keyId}`).toBeDefined();
      expect(listed!.provider).toBe(s.provider.name);
      if (s.listsCertificate !== false) {
        expect(listed!.certificate.length).toBeGreaterThan(0);
        expect(listed!.signature.algorithm).toBe(s.algorithm);
      }
      const session = await openKey();
      expect(session.key.id).toBe(s.keyId);
      expect(session.key.signature.algorithm).toBe(s.algorithm);
      if (s.listsCertificate !== false) expect(Buffer.from(session.key.certificate).equals(Buffer.from(listed!.certificate))).toBe(true);
      const data = new TextEncoder().encode('payment order №1, 1 000 000,00 ₸');
      const sig = await session.sign(data);
      expect(verifies(session.key.certificate, data, sig)).toBe(true);
      // Once opened, list() shows the certificate in every case.
      const after = (await s.provider.list()).find((k) => k.id === s.keyId)!;
      expect(Buffer.from(after.certificate).equals(Buffer.from(session.key.certificate))).toBe(true);
      await session.close();
    });

    it('gives the signature algorithm of the certificate key', async () => {
      const session = await openKey();
      const type = new X509Certificate(session.key.certificate).publicKey.asymmetricKeyType;
      expect(type).toBe(s.algorithm === 'rsa-sha256' ? 'rsa' : 'ec');
      expect(session.key.signature.digestName).toBe('SHA-256');
      await session.close();
    });

    if (!secretProtected) it('opens an unprotected key file with any secret (its file permissions protect it)', async () => {
      const session = await s.provider.open(s.keyId, 'anything at all');
      const data = Uint8Array.of(9);
      expect(verifies(session.key.certificate, data, await session.sign(data))).toBe(true);
      await session.close();
    });

    if (secretProtected) it('refuses a wrong secret with its SIGN_ code and never echoes the secret', async () => {
      const e = await rejection(s.provider.open(s.keyId, s.wrongSecret!));
      expect(e.code).toBe(s.wrongSecretCode);
      expect(`${e.message} ${JSON.stringify(e.details ?? {})}`).not.toContain(s.wrongSecret!);
    });

    if (secretProtected) it('refuses a wrong secret while another session of the key is open', async () => {
      const session = await openKey();
      const e = await rejection(s.provider.open(s.keyId, s.wrongSecret!));
      expect(e.code).toBe(s.wrongSecretCode);
      // The failed attempt does not disturb the open session.
      const data = Uint8Array.of(1, 2, 3);
      expect(verifies(session.key.certificate, data, await session.sign(data))).toBe(true);
      await session.close();
    });

    it('answers SIGN_KEY_NOT_FOUND for unknown ids', async () => {
      expect((await rejection(s.provider.open(s.unknownId, s.secret))).code).toBe('SIGN_KEY_NOT_FOUND');
      expect((await rejection(s.provider.open('no-such-provider:1', s.secret))).code).toBe('SIGN_KEY_NOT_FOUND');
    });

    it('signs many different inputs, each verifying only against its own data', async () => {
      const session = await openKey();
      const all = inputs();
      for (const [i, data] of all.entries()) {
        const sig = await session.sign(data);
        expect(verifies(session.key.certificate, data, sig), `input ${i} (${data.length} bytes)`).toBe(true);
        const other = all[(i + 1) % all.length]!;
        if (Buffer.compare(Buffer.from(other), Buffer.from(data)) !== 0) expect(verifies(session.key.certificate, other, sig)).toBe(false);
      }
      await session.close();
    });

    it('handles concurrent sign() calls on one session', async () => {
      const session = await openKey();
      const data = Array.from({ length: 24 }, (_, i) => new TextEncoder().encode(`document ${i}`));
      const sigs = await Promise.all(data.map((d) => session.sign(d)));
      sigs.forEach((sig, i) => expect(verifies(session.key.certificate, data[i]!, sig), `signature ${i}`).toBe(true));
      await session.close();
    });

    it('keeps two sessions of one key independent: closing one leaves the other signing', async () => {
      const a = await openKey();
      const b = await openKey();
      await a.close();
      const data = Uint8Array.of(9, 9, 9);
      expect(verifies(b.key.certificate, data, await b.sign(data))).toBe(true);
      await b.close();
    });

    it('rejects sign() after close(), also for calls already queued', async () => {
      const session = await openKey();
      const queued = [session.sign(Uint8Array.of(1)), session.sign(Uint8Array.of(2)), session.sign(Uint8Array.of(3))];
      const closing = session.close();
      const settled = await Promise.allSettled(queued);
      await closing;
      for (const r of settled) if (r.status === 'rejected') expect((r.reason as GatewayError).code).toBe('SIGN_SESSION_LOCKED');
      const e = await rejection(session.sign(Uint8Array.of(4)));
      expect(e.code).toBe('SIGN_SESSION_LOCKED');
      await session.close(); // idempotent
    });
  });
}
