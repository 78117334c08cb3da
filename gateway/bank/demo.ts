// The demo profile of `npm start` without a configuration file: the in-process sandbox bank, a demo signing key and
// two logins (signer `demo`, administrator `admin`) made at first start, statements every minute, accounts opened on
// first sight. Documents wait for the demo signer in the browser (BANKGATE_DEMO_AUTOSIGN=1 signs them automatically).
// Any config file (or BANKGATE_DEMO=0) turns all of it off.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from '../../config/load.ts';
import type { GatewayConfig } from '../../config/schema.ts';
import type { SandboxConfigInput } from '../../connectors/bank-sandbox/config.ts';
import { parseCertificate } from '../../signer/certificate.ts';
import { selfSignedSigner } from '../../signer/self-signed.ts';
import { createSoftwareProvider } from '../../signer/providers/software.ts';
import { addUser, resetPassword } from '../auth/users.ts';
import type { Store } from '../store/db.ts';
import { bindKey, getKey } from '../store/keys-repo.ts';
import { findUserByLogin } from '../store/users-repo.ts';

export const DEMO_USER = 'demo';
export const DEMO_ADMIN = 'admin';
/** `1`: the demo key signs every document by itself, as before the dashboard had a signing page (tests, unattended demos). */
export const DEMO_AUTOSIGN_ENV = 'BANKGATE_DEMO_AUTOSIGN';
export const DEMO_SECRET_ENV = 'BANKGATE_DEMO_KEY_PASSWORD';
/** Balance of an account the sandbox opens on first sight in the demo. */
export const DEMO_OPENING_BALANCE = '100000000.00';

export function isDemo(loaded: LoadedConfig, env: Record<string, string | undefined>): boolean {
  return loaded.file === null && env['BANKGATE_DEMO'] !== '0';
}

export function demoAutoSign(env: Record<string, string | undefined>): boolean {
  return env[DEMO_AUTOSIGN_ENV] === '1';
}

const demoDir = (cfg: GatewayConfig) => path.join(cfg.data.dir, 'demo');

/** The demo's effective configuration: the sandbox bank, the demo key file, statements every minute. */
export function demoConfig(cfg: GatewayConfig, envOverrides: readonly string[] = []): GatewayConfig {
  const keyPath = path.join(demoDir(cfg), 'demo-signer.pem');
  // An explicit BANKGATE_BANK_STATEMENTS_SCHEDULE still wins (tests fetch every few seconds).
  const schedule = envOverrides.includes('BANKGATE_BANK_STATEMENTS_SCHEDULE') ? cfg.bank.statements.schedule : '* * * * *';
  return {
    ...cfg,
    bank: { ...cfg.bank, connector: 'sandbox', statements: { ...cfg.bank.statements, schedule, lookback_days: 1 } },
    signing: { ...cfg.signing, providers: { ...cfg.signing.providers, software: { keys: [...cfg.signing.providers.software.keys, { path: keyPath }] } } },
  };
}

/** `[bank.sandbox] always_open`: every day a business day until late evening, so a walk-through completes any day. */
export const ALWAYS_OPEN: Partial<SandboxConfigInput> = { weekend: [], public_holidays: 'none', cutoff: '23:59', execution_delay_ms: 1000 };
/** Sandbox settings of the demo: always open, with incoming payments from made-up counterparties. */
export const DEMO_SANDBOX: Partial<SandboxConfigInput> = { ...ALWAYS_OPEN, incoming: { enabled: true, interval_s: 120 } };

/** A login made at this start, with its one-time password (shown once on the console, never logged). */
export interface DemoLogin {
  login: string;
  role: 'signer' | 'admin';
  password: string;
}

export interface DemoSigner {
  keyId: string;
  /** The key file's password: the PIN the demo signer types on the signing page. */
  pin: string;
  pinFile: string;
  /** Logins with one-time passwords made at this start: both at the first start, none later. */
  logins: DemoLogin[];
}

/**
 * At the demo's first start (no `admin` yet): the administrator `admin` and the signer `demo` (single right on every
 * account) with one-time passwords. A `demo` user left by an older demo (random, never shown password) gets a new one.
 */
export async function ensureDemoLogins(store: Store): Promise<DemoLogin[]> {
  const made: DemoLogin[] = [];
  const firstStart = !(await findUserByLogin(store.sql, DEMO_ADMIN));
  if (!(await findUserByLogin(store.sql, DEMO_USER))) {
    const { password } = await addUser(store.sql, { login: DEMO_USER, name: 'Demo signer', rights: ['*=single'], actor: 'demo' });
    made.push({ login: DEMO_USER, role: 'signer', password });
  } else if (firstStart) {
    made.push({ login: DEMO_USER, role: 'signer', password: await resetPassword(store.sql, DEMO_USER, 'demo') });
  }
  if (firstStart) {
    const { password } = await addUser(store.sql, { login: DEMO_ADMIN, name: 'Demo administrator', rights: [], admin: true, actor: 'demo' });
    made.push({ login: DEMO_ADMIN, role: 'admin', password });
  }
  return made;
}

/**
 * Makes (once) the demo key file (ECDSA P-256, self-signed, password in a 0600 file beside it) and the demo logins, and
 * binds the key to the signer `demo`; returns the key id, its password (the PIN) and the logins made now.
 */
export async function ensureDemoSigner(store: Store, cfg: GatewayConfig): Promise<DemoSigner> {
  const dir = demoDir(cfg);
  mkdirSync(dir, { recursive: true });
  const keyPath = path.join(dir, 'demo-signer.pem');
  const passFile = path.join(dir, 'demo-signer.password');
  if (!existsSync(keyPath) || !existsSync(passFile)) {
    const password = randomBytes(18).toString('base64url');
    const made = await selfSignedSigner({ cn: 'DEMO SIGNER (bankgate demo)', iin: '880101300123', bin: '150140001239', days: 3650, passphrase: password });
    writeFileSync(passFile, password, { mode: 0o600 });
    writeFileSync(keyPath, made.pem, { mode: 0o600 });
  }
  const pin = readFileSync(passFile, 'utf8').trim();
  const logins = await ensureDemoLogins(store);
  const provider = createSoftwareProvider({ keys: [{ path: keyPath }] });
  try {
    const [key] = await provider.list();
    if (!key) throw new Error(`demo key file ${keyPath} shows no key`);
    const user = (await findUserByLogin(store.sql, DEMO_USER))!;
    if ((await getKey(store.sql, key.id))?.userId !== user.id) {
      const c = parseCertificate(key.certificate);
      await bindKey(store.sql, { id: key.id, provider: key.provider, label: key.label, tokenLabel: key.tokenLabel, tokenSerial: key.tokenSerial, certificate: key.certificate, fingerprint: c.fingerprint, subject: c.subject, iin: c.iin, bin: c.bin, notBefore: c.notBefore, notAfter: c.notAfter }, user.id, 'demo');
    }
    return { keyId: key.id, pin, pinFile: passFile, logins };
  } finally {
    await provider.close();
  }
}
