// What the embedded sandbox bank must know of this company: its certificates with each signer's right per
// account and its signature policy — taken from the gateway's own store and config (architecture.md 7).
import { createHash } from 'node:crypto';
import type { PolicyRuleConfig } from '../../signer/config.ts';
import type { CanonicalDocument } from '../core/model/document.ts';
import type { Store } from '../store/db.ts';
import { listKeys } from '../store/keys-repo.ts';
import { getUser, rightsOf } from '../store/users-repo.ts';

export interface SandboxCertificateSeed {
  pem: string;
  user: string;
  account: string;
  right: 'single' | 'first' | 'second';
}

export interface SandboxClientState {
  certificates: SandboxCertificateSeed[];
  policies: PolicyRuleConfig[];
  /** Changes whenever a key is bound or a right changes: the registration is refreshed then. */
  fingerprint: string;
}

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * `auto`: keys designated for automatic signing (per account, '*' in the demo): the bank knows them as single
 * signers there, whatever the right of the technical user they are bound to.
 */
export async function sandboxClientState(store: Store, policies: readonly PolicyRuleConfig[], auto: readonly { key: string; account: string }[] = []): Promise<SandboxClientState> {
  const certificates: SandboxCertificateSeed[] = [];
  const keys = await listKeys(store.sql);
  for (const a of auto) {
    const k = keys.find((x) => x.id === a.key);
    const user = k?.userId ? (await getUser(store.sql, k.userId)) : undefined;
    if (k && user) certificates.push({ pem: pem(k.certificate), user: user.login, account: a.account, right: 'single' });
  }
  for (const k of keys) {
    if (!k.userId) continue;
    const user = await getUser(store.sql, k.userId);
    if (!user || user.locked) continue;
    for (const r of await rightsOf(store.sql, user.id)) {
      if (r.right === 'none') continue;
      certificates.push({ pem: pem(k.certificate), user: user.login, account: r.account, right: r.right });
    }
  }
  const fingerprint = createHash('sha256').update(JSON.stringify({ certificates, policies })).digest('hex');
  return { certificates, policies: [...policies], fingerprint };
}

/** The part of the sandbox's admin API the gateway uses to keep its client registration current. */
export interface SandboxAdminPort {
  registerCertificate(input: { client_id: string; pem: string; user: string; account: string; right: 'single' | 'first' | 'second' }): unknown;
  setPolicy(clientId: string, input: { policies: PolicyRuleConfig[] }): unknown;
  accounts(clientId?: string): { iban: string }[];
  openAccount(input: { client_id: string; iban: string; currency: string; balance: string }): unknown;
  upsertClient(input: { client_id: string; name: string; bin: string }): unknown;
}

/** The accounts a document debits or credits at our bank: the payer's, and both sides of an FX order. */
function ownAccountsOf(document: CanonicalDocument): { iban: string; currency: string }[] {
  if (document.kind === 'fx-order') {
    const foreign = document.amount.currency;
    return [
      { iban: document.fromIban, currency: document.direction === 'buy' ? 'KZT' : foreign },
      { iban: document.toIban, currency: document.direction === 'buy' ? foreign : 'KZT' },
    ];
  }
  const payer = 'payer' in document ? document.payer?.iban : undefined;
  const currency = 'amount' in document && document.amount ? document.amount.currency : 'KZT';
  return payer ? [{ iban: payer, currency }] : [];
}

/**
 * Keeps the embedded sandbox in step with the gateway: certificates of bound keys with their rights and the signature
 * policy (each round, when they changed), and accounts opened on first sight — a document's own accounts, with a
 * starting balance, just before it goes to the bank.
 */
export function createSandboxSync(o: { store: Store; admin: SandboxAdminPort; clientId: string; policies: readonly PolicyRuleConfig[]; auto: readonly { key: string; account: string }[]; openingBalance: string }) {
  let registered = '';
  let known: Set<string> | null = null;
  let named = false;
  return {
    /** Certificates and policy, re-registered when a key, a right or the policy changed. */
    async sync(): Promise<void> {
      const state = await sandboxClientState(o.store, o.policies, o.auto);
      if (state.fingerprint === registered) return;
      for (const c of state.certificates) o.admin.registerCertificate({ client_id: o.clientId, ...c });
      o.admin.setPolicy(o.clientId, { policies: state.policies });
      registered = state.fingerprint;
    },
    /** Opens the document's accounts the bank does not know yet; returns those opened now. */
    ensureAccounts(document: CanonicalDocument): string[] {
      known ??= new Set(o.admin.accounts(o.clientId).map((a) => a.iban));
      const opened: string[] = [];
      // The bank knows the client by the company that pays: its statements then name the payer of the files dropped.
      const payer = 'payer' in document ? document.payer : undefined;
      if (!named && payer?.name && payer.binIin && /^\d{12}$/.test(payer.binIin)) {
        o.admin.upsertClient({ client_id: o.clientId, name: payer.name, bin: payer.binIin });
        named = true;
      }
      for (const a of ownAccountsOf(document)) {
        if (known.has(a.iban) || !/^KZ\d{2}\d{3}[0-9A-Z]{13}$/.test(a.iban)) continue;
        o.admin.openAccount({ client_id: o.clientId, iban: a.iban, currency: a.currency, balance: o.openingBalance });
        known.add(a.iban);
        opened.push(a.iban);
      }
      return opened;
    },
  };
}
