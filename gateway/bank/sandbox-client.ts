// What the embedded sandbox bank must know of this company: its certificates with each signer's right per
// account and its signature policy — taken from the gateway's own store and config (architecture.md 7).
import { createHash } from 'node:crypto';
import type { PolicyRuleConfig } from '../../signer/config.ts';
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
export function sandboxClientState(store: Store, policies: readonly PolicyRuleConfig[], auto: readonly { key: string; account: string }[] = []): SandboxClientState {
  const certificates: SandboxCertificateSeed[] = [];
  for (const a of auto) {
    const k = listKeys(store).find((x) => x.id === a.key);
    const user = k?.userId ? getUser(store, k.userId) : undefined;
    if (k && user) certificates.push({ pem: pem(k.certificate), user: user.login, account: a.account, right: 'single' });
  }
  for (const k of listKeys(store)) {
    if (!k.userId) continue;
    const user = getUser(store, k.userId);
    if (!user || user.locked) continue;
    for (const r of rightsOf(store, user.id)) {
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
}

/**
 * Keeps the embedded sandbox in step with the gateway: certificates of bound keys with their rights, the signature
 * policy, and accounts opened on first sight (a payer account of a received document, with a starting balance).
 */
export function createSandboxSync(o: { store: Store; admin: SandboxAdminPort; clientId: string; policies: readonly PolicyRuleConfig[]; auto: readonly { key: string; account: string }[]; openingBalance: string }) {
  let registered = '';
  return {
    /** Returns the accounts opened now. */
    sync(): string[] {
      const state = sandboxClientState(o.store, o.policies, o.auto);
      if (state.fingerprint !== registered) {
        for (const c of state.certificates) o.admin.registerCertificate({ client_id: o.clientId, ...c });
        o.admin.setPolicy(o.clientId, { policies: state.policies });
        registered = state.fingerprint;
      }
      const known = new Set(o.admin.accounts(o.clientId).map((a) => a.iban));
      const payers = o.store.sqlite
        .prepare(`SELECT DISTINCT json_extract(body_json, '$.payer.iban') AS iban, currency FROM documents WHERE state NOT LIKE 'staging:%' AND state <> 'invalid' AND json_extract(body_json, '$.payer.iban') IS NOT NULL`)
        .all() as { iban: string; currency: string | null }[];
      // FX orders name two accounts: tenge on one side, the foreign currency on the other.
      const fx = o.store.sqlite
        .prepare(`SELECT json_extract(body_json, '$.direction') AS direction, json_extract(body_json, '$.fromIban') AS fromIban, json_extract(body_json, '$.toIban') AS toIban, currency FROM documents WHERE kind = 'fx-order' AND state NOT LIKE 'staging:%' AND state <> 'invalid'`)
        .all() as { direction: string; fromIban: string; toIban: string; currency: string }[];
      for (const f of fx) {
        payers.push({ iban: f.fromIban, currency: f.direction === 'buy' ? 'KZT' : f.currency });
        payers.push({ iban: f.toIban, currency: f.direction === 'buy' ? f.currency : 'KZT' });
      }
      const opened: string[] = [];
      for (const p of payers) {
        if (known.has(p.iban) || !/^KZ\d{2}\d{3}[0-9A-Z]{13}$/.test(p.iban)) continue;
        o.admin.openAccount({ client_id: o.clientId, iban: p.iban, currency: p.currency ?? 'KZT', balance: o.openingBalance });
        known.add(p.iban);
        opened.push(p.iban);
      }
      return opened;
    },
  };
}
