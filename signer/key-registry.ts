// Builds the configured key providers and finds a key by id, unique id prefix or label across them.
import { GatewayError } from '../gateway/core/errors.ts';
import type { Logger } from '../gateway/core/logger.ts';
import type { SigningConfig } from './config.ts';
import type { KeyInfo, KeyProvider } from './provider.ts';
import { createPkcs11Provider } from './providers/pkcs11.ts';
import { createSoftwareProvider } from './providers/software.ts';

export interface ProviderKey {
  provider: KeyProvider;
  info: KeyInfo;
}

export function createKeyProviders(cfg: SigningConfig, logger: Logger): KeyProvider[] {
  const out: KeyProvider[] = [];
  if (cfg.providers.software.keys.length > 0) out.push(createSoftwareProvider(cfg.providers.software, { logger }));
  for (const p of cfg.providers.pkcs11) out.push(createPkcs11Provider(p, { logger }));
  return out;
}

export interface ProviderListing {
  provider: string;
  keys: KeyInfo[];
  /** Why this provider could not list (module missing, file unreadable): shown, not fatal. */
  error: string | null;
}

/** Every provider's keys; one failing provider does not hide the others. */
export async function listProviderKeys(providers: readonly KeyProvider[]): Promise<ProviderListing[]> {
  return Promise.all(
    providers.map(async (p) => {
      try {
        return { provider: p.name, keys: await p.list(), error: null };
      } catch (e) {
        return { provider: p.name, keys: [], error: (e as Error).message };
      }
    }),
  );
}

/** Finds one key by exact id, unique id prefix, or exact label. */
export async function findProviderKey(providers: readonly KeyProvider[], ref: string): Promise<ProviderKey> {
  const all: ProviderKey[] = [];
  for (const l of await listProviderKeys(providers)) {
    const provider = providers.find((p) => p.name === l.provider)!;
    for (const info of l.keys) all.push({ provider, info });
  }
  const exact = all.filter((k) => k.info.id === ref);
  const hits = exact.length ? exact : all.filter((k) => k.info.id.startsWith(ref) || k.info.label === ref);
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw new GatewayError('SIGN_KEY_NOT_FOUND', `no configured key matches '${ref}' (bankgate keys list shows them; is the token inserted?)`);
  throw new GatewayError('SIGN_KEY_NOT_FOUND', `'${ref}' matches ${hits.length} keys: ${hits.map((h) => h.info.id).join(', ')}`);
}

export async function closeProviders(providers: readonly KeyProvider[]): Promise<void> {
  await Promise.all(providers.map((p) => p.close().catch(() => undefined)));
}
