// PKCS#11 signing mechanisms: which one a key uses, what the host feeds it, how its output becomes SignerInfo.signature.
// Why: vendor mechanisms (GOST on Kazakh tokens, kz-formats.md 6.4) must pass through untouched with configured OIDs.
import { createHash, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';
import { GatewayError } from '../../gateway/core/errors.ts';
import { ECDSA_P256_SHA256, RSA_SHA256, SHA256_OID, type SignatureAlgorithm } from '../provider.ts';
import { ecdsaRawToDer } from './ecdsa-sig.ts';
import { signatureAlgorithmOf } from './key-check.ts';

const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;

/** Digests the host can compute for `hash_on_host`, by OID (RFC 5754 section 2). */
export const HOST_DIGESTS: Record<string, { node: 'sha256' | 'sha384' | 'sha512'; name: 'SHA-256' | 'SHA-384' | 'SHA-512' }> = {
  [SHA256_OID]: { node: 'sha256', name: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', name: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', name: 'SHA-512' },
};

/** RFC 8017 section 9.2 note 1: DER DigestInfo prefix for SHA-256, what CKM_RSA_PKCS needs in front of the hash. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export interface SignPlan {
  mechanism: number;
  mechanismName: string;
  signature: SignatureAlgorithm;
  /** Host-side digest fed to C_Sign instead of the data, or null when the token hashes. */
  hostHash: 'sha256' | 'sha384' | 'sha512' | null;
  /** Wrap the digest in a DigestInfo (CKM_RSA_PKCS is raw PKCS#1 v1.5 padding). */
  digestInfo: boolean;
  /** Convert r||s to DER (CKM_ECDSA*). */
  ecdsaRaw: boolean;
}

/** Mechanisms the provider knows how to drive; PKCS#11 2.40 current mechanisms sections 2.1.6, 2.1.7, 2.3.1. */
const KNOWN: Record<number, Omit<SignPlan, 'mechanism' | 'mechanismName'> & { keyType: 'rsa' | 'ec' }> = {
  [pkcs11js.CKM_SHA256_RSA_PKCS]: { keyType: 'rsa', signature: RSA_SHA256, hostHash: null, digestInfo: false, ecdsaRaw: false },
  [pkcs11js.CKM_RSA_PKCS]: { keyType: 'rsa', signature: RSA_SHA256, hostHash: 'sha256', digestInfo: true, ecdsaRaw: false },
  [pkcs11js.CKM_ECDSA]: { keyType: 'ec', signature: ECDSA_P256_SHA256, hostHash: 'sha256', digestInfo: false, ecdsaRaw: true },
  [pkcs11js.CKM_ECDSA_SHA256]: { keyType: 'ec', signature: ECDSA_P256_SHA256, hostHash: null, digestInfo: false, ecdsaRaw: true },
};

/** Mechanism id from a CKM_ name, a number, or a numeric string ("0x80000001"); null when unknown. */
export function resolveMechanism(m: string | number): number | null {
  if (typeof m === 'number') return Number.isSafeInteger(m) && m >= 0 ? m : null;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(m)) return Number(m);
  const v = (pkcs11js as unknown as Record<string, unknown>)[m];
  return m.startsWith('CKM_') && typeof v === 'number' ? v : null;
}

export function mechanismName(id: number): string {
  for (const [k, v] of Object.entries(pkcs11js)) if (k.startsWith('CKM_') && v === id) return k;
  // PKCS#11 2.40 base section 2.1 CKM_VENDOR_DEFINED: 0x80000000 and above belong to the token vendor.
  return id >= pkcs11js.CKM_VENDOR_DEFINED ? `vendor 0x${id.toString(16)}` : `0x${id.toString(16)}`;
}

export function isKnownMechanism(id: number): boolean {
  return id in KNOWN;
}

export interface MechanismConfig {
  mechanism?: number | undefined;
  digest_oid?: string | undefined;
  signature_oid?: string | undefined;
  hash_on_host: boolean;
}

/**
 * The plan for one key. Standard mechanisms (and the defaults: RSA → CKM_SHA256_RSA_PKCS, P-256 → CKM_ECDSA) need the
 * certificate's public key to be RSA >= 2048 or P-256; a custom mechanism signs whatever key with the configured OIDs.
 */
export function planFor(config: MechanismConfig, publicKey: KeyObject | null, where: string): SignPlan {
  const configured = config.mechanism;
  if (configured !== undefined && !isKnownMechanism(configured)) {
    const digest = config.hash_on_host ? HOST_DIGESTS[config.digest_oid ?? SHA256_OID] : undefined;
    return {
      mechanism: configured,
      mechanismName: mechanismName(configured),
      signature: { algorithm: 'custom', digestOid: config.digest_oid ?? SHA256_OID, digestName: digest?.name ?? null, signatureOid: config.signature_oid ?? '' },
      hostHash: digest?.node ?? null,
      digestInfo: false,
      ecdsaRaw: false,
    };
  }
  if (!publicKey) throw new GatewayError('SIGN_KEY_UNSUPPORTED', `${where}: the certificate's public key is not RSA or ECDSA; configure the token's mechanism`, { where });
  const signature = signatureAlgorithmOf(publicKey, where);
  const mechanism = configured ?? (signature.algorithm === 'rsa-sha256' ? pkcs11js.CKM_SHA256_RSA_PKCS : pkcs11js.CKM_ECDSA);
  const known = KNOWN[mechanism]!;
  const keyType = signature.algorithm === 'rsa-sha256' ? 'rsa' : 'ec';
  if (known.keyType !== keyType) {
    throw new GatewayError('SIGN_KEY_UNSUPPORTED', `${where}: ${mechanismName(mechanism)} cannot sign with a ${keyType.toUpperCase()} key`, { where });
  }
  const { keyType: _, ...plan } = known;
  return { ...plan, mechanism, mechanismName: mechanismName(mechanism) };
}

/** The bytes handed to C_Sign. */
export function signInput(plan: SignPlan, data: Uint8Array): Buffer {
  if (!plan.hostHash) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const digest = createHash(plan.hostHash).update(data).digest();
  return plan.digestInfo ? Buffer.concat([SHA256_DIGEST_INFO, digest]) : digest;
}

/** C_Sign's output as SignerInfo.signature: DER for ECDSA, as-is for RSA and vendor mechanisms. */
export function signOutput(plan: SignPlan, out: Uint8Array): Uint8Array {
  return plan.ecdsaRaw ? ecdsaRawToDer(out) : new Uint8Array(out);
}
