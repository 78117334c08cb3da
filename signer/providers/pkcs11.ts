// PKCS#11 key provider (pkcs11js): keys on smart cards and USB tokens, including vendor GOST mechanisms.
// Tokens: Kaztoken, JaCarta, eToken, SoftHSM2 in tests. Kazakh GOST keys have no JS implementation and are reached
// only through the vendor's module with a configured mechanism and OIDs (kz-formats.md 6.2, 6.4).
import { X509Certificate } from 'node:crypto';
import { Certificate } from 'pkijs';
import { z } from 'zod';
import { GatewayError } from '../../gateway/core/errors.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { defineKeyProvider, type KeyInfo, type KeyProviderContext, type KeySession } from '../provider.ts';
import { mapPkcs11Error } from './pkcs11-errors.ts';
import { loginToken, logoutToken } from './pkcs11-login.ts';
import { HOST_DIGESTS, isKnownMechanism, planFor, resolveMechanism, type MechanismConfig, type SignPlan } from './pkcs11-mechanism.ts';
import { acquireModule, pkcs11js, releaseModule, type Pkcs11Module } from './pkcs11-module.ts';
import { keyIds, presentTokens, privateKeyById, tokenCertificates, type TokenCertificate, type TokenSlot } from './pkcs11-objects.ts';
import { createPkcs11Session } from './pkcs11-session.ts';

const oid = z.string().regex(/^[0-2](\.(0|[1-9]\d*))+$/, 'a dotted OID such as 1.2.398.3.10.1.1.2.3.1');

export const pkcs11ProviderOptionsSchema = z
  .strictObject({
    /** Path of the vendor's PKCS#11 library (.so/.dll/.dylib); a bare file name is searched by the OS loader. */
    module: z.string().min(1),
    /** Provider instance name (KeyInfo.provider); give each configured module its own. */
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _').default('pkcs11'),
    /** Only the token with this label / serial number (CK_TOKEN_INFO, trimmed). */
    token_label: z.string().min(1).optional(),
    token_serial: z.string().min(1).optional(),
    /**
     * Signing mechanism: a CKM_ name ('CKM_ECDSA', 'CKM_SHA256_RSA_PKCS', 'CKM_RSA_PKCS', 'CKM_ECDSA_SHA256') or a number
     * (vendor mechanisms are 0x80000000 + n, e.g. GOST on Kazakh tokens). Default by key: RSA → CKM_SHA256_RSA_PKCS,
     * P-256 → CKM_ECDSA.
     */
    mechanism: z.union([z.string().min(1), z.int().min(0)]).optional(),
    /** For a vendor mechanism: SignerInfo.digestAlgorithm and signatureAlgorithm OIDs (kz-formats.md 6.2). */
    digest_oid: oid.optional(),
    signature_oid: oid.optional(),
    /** Only keys whose certificate's SubjectPublicKeyInfo algorithm is this OID (e.g. GOST 34.10-2015 1.2.398.3.10.1.1.2.2). */
    public_key_oid: oid.optional(),
    /**
     * For a vendor mechanism: hash the data on the host with digest_oid (SHA-256/384/512) and give the token the digest;
     * false gives the token the data. Standard mechanisms fix this themselves (CKM_ECDSA: digest; CKM_SHA256_RSA_PKCS: data).
     */
    hash_on_host: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    const vendorOnly = (key: 'digest_oid' | 'signature_oid' | 'hash_on_host') =>
      ctx.addIssue({ code: 'custom', path: [key], message: `${key} is only for a vendor (non-standard) mechanism` });
    if (o.mechanism === undefined) {
      if (o.digest_oid !== undefined) vendorOnly('digest_oid');
      if (o.signature_oid !== undefined) vendorOnly('signature_oid');
      if (o.hash_on_host) vendorOnly('hash_on_host');
      return;
    }
    const id = resolveMechanism(o.mechanism);
    if (id === null) {
      ctx.addIssue({ code: 'custom', path: ['mechanism'], message: 'a CKM_ name known to pkcs11js or a mechanism number such as 0x80000001' });
      return;
    }
    if (isKnownMechanism(id)) {
      if (o.digest_oid !== undefined) vendorOnly('digest_oid');
      if (o.signature_oid !== undefined) vendorOnly('signature_oid');
      if (o.hash_on_host) vendorOnly('hash_on_host');
      return;
    }
    if (o.signature_oid === undefined) ctx.addIssue({ code: 'custom', path: ['signature_oid'], message: 'a vendor mechanism needs signature_oid' });
    if (o.digest_oid === undefined) ctx.addIssue({ code: 'custom', path: ['digest_oid'], message: 'a vendor mechanism needs digest_oid' });
    else if (o.hash_on_host && !HOST_DIGESTS[o.digest_oid]) {
      ctx.addIssue({ code: 'custom', path: ['digest_oid'], message: 'hash_on_host needs a digest the host knows: SHA-256, SHA-384 or SHA-512' });
    }
  });

export type Pkcs11ProviderOptions = z.input<typeof pkcs11ProviderOptionsSchema>;

const ID = /^pkcs11:(.+):([0-9a-f]+)$/;

export function pkcs11KeyId(serial: string, ckaId: string): string {
  return `pkcs11:${serial}:${ckaId}`;
}

function spkiOid(der: Uint8Array): string | null {
  try {
    return Certificate.fromBER(der).subjectPublicKeyInfo.algorithm.algorithmId;
  } catch {
    return null;
  }
}

function publicKeyOf(der: Uint8Array) {
  try {
    return new X509Certificate(der).publicKey;
  } catch {
    // GOST and other keys Node's OpenSSL does not know: only a vendor mechanism can use them.
    return null;
  }
}

function isCa(der: Uint8Array): boolean {
  try {
    return new X509Certificate(der).ca;
  } catch {
    return false;
  }
}

export function createPkcs11Provider(options: Pkcs11ProviderOptions, context: KeyProviderContext = { logger: silentLogger }) {
  const o = pkcs11ProviderOptionsSchema.parse(options);
  const mechanismConfig: MechanismConfig = {
    mechanism: o.mechanism === undefined ? undefined : resolveMechanism(o.mechanism)!,
    digest_oid: o.digest_oid,
    signature_oid: o.signature_oid,
    hash_on_host: o.hash_on_host,
  };
  const log = context.logger.child({ provider: o.name });
  const sessions = new Set<KeySession>();
  let module: Pkcs11Module | null = null;
  let closed = false;

  /** The library is loaded on first use, so a missing module is a listing error, not a start-up crash. */
  const ensure = (): Pkcs11Module => {
    if (closed) throw new GatewayError('SIGN_PROVIDER_FAILED', `provider ${o.name} is closed`);
    module ??= acquireModule(o.module);
    return module;
  };

  /** null when the certificate's key is not for this provider (public_key_oid filter). */
  function planForCertificate(der: Uint8Array, where: string): SignPlan | null {
    if (o.public_key_oid !== undefined && spkiOid(der) !== o.public_key_oid) return null;
    return planFor(mechanismConfig, publicKeyOf(der), where);
  }

  function keyInfo(token: TokenSlot, cert: TokenCertificate, plan: SignPlan): KeyInfo {
    return {
      id: pkcs11KeyId(token.serial, cert.id),
      provider: o.name,
      label: cert.label,
      tokenLabel: token.label,
      tokenSerial: token.serial,
      certificate: cert.der,
      signature: plan.signature,
    };
  }

  function listToken(m: Pkcs11Module, token: TokenSlot): KeyInfo[] {
    const { lib } = m;
    const out: KeyInfo[] = [];
    const session = lib.C_OpenSession(token.slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      const certs = tokenCertificates(lib, session);
      const withKey = new Set([...keyIds(lib, session, pkcs11js.CKO_PRIVATE_KEY), ...keyIds(lib, session, pkcs11js.CKO_PUBLIC_KEY)]);
      for (const cert of certs) {
        // Pair by CKA_ID; a token that hides every key object before login gets its end-entity certificates listed.
        if (!cert.id || (withKey.size > 0 ? !withKey.has(cert.id) : isCa(cert.der))) continue;
        const id = pkcs11KeyId(token.serial, cert.id);
        try {
          const plan = planForCertificate(cert.der, id);
          if (plan) out.push(keyInfo(token, cert, plan));
        } catch (e) {
          log.warn({ keyId: id, err: (e as Error).message }, 'token key skipped');
        }
      }
    } finally {
      try {
        lib.C_CloseSession(session);
      } catch {
        // Token pulled while listing: the session is gone with it.
      }
    }
    return out;
  }

  async function open(keyId: string, pin: string): Promise<KeySession> {
    const m = ID.exec(keyId);
    if (!m || (o.token_serial !== undefined && m[1] !== o.token_serial)) throw new GatewayError('SIGN_KEY_NOT_FOUND', `${o.name} has no key ${keyId}`, { keyId });
    const [, serial, ckaId] = m as unknown as [string, string, string];
    const mod = ensure();
    const { lib } = mod;
    let token: TokenSlot | undefined;
    try {
      token = presentTokens(lib, { token_label: o.token_label, token_serial: serial })[0];
    } catch (e) {
      throw mapPkcs11Error(e, 'open', { keyId });
    }
    if (!token) throw new GatewayError('SIGN_TOKEN_NOT_PRESENT', `token ${serial} is not present: insert it and retry`, { keyId, tokenSerial: serial });
    const holder = {};
    let session: Buffer | null = null;
    let loggedIn = false;
    try {
      session = lib.C_OpenSession(token.slot, pkcs11js.CKF_SERIAL_SESSION);
      // Certificate and mechanism are public: an unknown or unusable key is refused before the PIN is spent.
      const cert = tokenCertificates(lib, session, ckaId)[0];
      const plan = cert ? planForCertificate(cert.der, keyId) : null;
      if (!cert || !plan) throw new GatewayError('SIGN_KEY_NOT_FOUND', `token ${serial} has no certificate with CKA_ID ${ckaId}`, { keyId });
      loginToken(mod, serial, session, pin, holder);
      loggedIn = true;
      const privateKey = privateKeyById(lib, session, ckaId);
      if (!privateKey) throw new GatewayError('SIGN_KEY_NOT_FOUND', `token ${serial} has no private key with CKA_ID ${ckaId}`, { keyId });
      const key = keyInfo(token, cert, plan);
      const ks = createPkcs11Session({ module: mod, serial, session, privateKey, plan, key, holder, onClose: (s) => sessions.delete(s) });
      sessions.add(ks);
      log.info({ keyId, mechanism: plan.mechanismName }, 'key opened');
      return ks;
    } catch (e) {
      if (session) {
        if (loggedIn) logoutToken(mod, serial, session, holder);
        try {
          lib.C_CloseSession(session);
        } catch {
          // Already gone with the token.
        }
      }
      throw mapPkcs11Error(e, 'open', { keyId });
    }
  }

  return defineKeyProvider({
    name: o.name,
    async list() {
      const mod = ensure();
      let tokens: TokenSlot[];
      try {
        tokens = presentTokens(mod.lib, o);
      } catch (e) {
        throw mapPkcs11Error(e, 'list');
      }
      const keys: KeyInfo[] = [];
      for (const token of tokens) {
        try {
          keys.push(...listToken(mod, token));
        } catch (e) {
          const err = mapPkcs11Error(e, 'list', { tokenSerial: token.serial });
          // Pulled out while being listed: it is simply not there now.
          if (err.code !== 'SIGN_TOKEN_NOT_PRESENT' && err.code !== 'SIGN_DEVICE_REMOVED') throw err;
          log.info({ tokenSerial: token.serial }, 'token went away while listing');
        }
      }
      return keys;
    },
    open,
    async close() {
      if (closed) return;
      await Promise.all([...sessions].map((s) => s.close()));
      closed = true;
      if (module) releaseModule(module);
      module = null;
    },
  });
}
