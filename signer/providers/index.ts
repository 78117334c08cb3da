// Key providers: software key files and PKCS#11 tokens, and a factory by kind.
import type { KeyProvider, KeyProviderContext } from '../provider.ts';
import { createPkcs11Provider, type Pkcs11ProviderOptions } from './pkcs11.ts';
import { createSoftwareProvider, type SoftwareProviderOptions } from './software.ts';

export { createSoftwareProvider, softwareProviderOptionsSchema, softwareKeyId, SIGNATURE_UNKNOWN, type SoftwareProviderOptions } from './software.ts';
export { createPkcs11Provider, pkcs11ProviderOptionsSchema, pkcs11KeyId, type Pkcs11ProviderOptions } from './pkcs11.ts';
export { mapPkcs11Error, ckrName } from './pkcs11-errors.ts';
export { MIN_RSA_BITS } from './key-check.ts';

export type ProviderKind = 'software' | 'pkcs11';

export interface ProviderOptionsByKind {
  software: SoftwareProviderOptions;
  pkcs11: Pkcs11ProviderOptions;
}

/** Builds a provider from its configuration section; options are validated by the kind's zod schema. */
export function createProvider<K extends ProviderKind>(kind: K, options: ProviderOptionsByKind[K], context?: KeyProviderContext): KeyProvider {
  if (kind === 'software') return createSoftwareProvider(options as SoftwareProviderOptions, context);
  if (kind === 'pkcs11') return createPkcs11Provider(options as Pkcs11ProviderOptions, context);
  throw new Error(`unknown key provider kind: ${String(kind)}`);
}
