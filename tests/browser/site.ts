// A real gateway process for the browser tests: a SoftHSM2 token key bound to the signer `signer` (single right on every
// account), the embedded sandbox bank, users with one-time passwords, and a view-only API token for checks.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addUser } from '../../gateway/auth/users.ts';
import { openStore } from '../../gateway/store/db.ts';
import { createSoftHsm, SOFTHSM_MODULE, SOFTHSM_PIN, type SoftHsm } from '../fixtures/softhsm.ts';
import { apiViewer, runCli, spawnGateway, type ApiViewer, type GatewayProcess } from '../e2e/gateway-process.ts';

export interface Site {
  dir: string;
  url: string;
  inbox: string;
  hsm: SoftHsm;
  /** The token key's PIN (what the signer types on the signing page). */
  pin: string;
  /** One-time passwords of the users made before the start, by login. */
  initial: Record<string, string>;
  api: ApiViewer;
  gateway: GatewayProcess;
  stop(): Promise<void>;
}

export interface SiteUser {
  login: string;
  name: string;
  rights?: string[];
  admin?: boolean;
}

/** Makes the token, the config and the users, binds the token key to `signer`, starts `bankgate start`. */
export async function startSite(users: SiteUser[]): Promise<Site> {
  const hsm = await createSoftHsm(['signer-token']);
  await hsm.tokenKey('signer-token', '01', 'EC:prime256v1', 'signer-ecp', { cn: 'ДИРЕКТОРОВ ДАНИЯР', iin: '880101300123', bin: '150140001239' });
  const dir = hsm.dir;
  const env = { SOFTHSM2_CONF: hsm.conf };
  writeFileSync(
    path.join(dir, 'bankgate.toml'),
    [
      '[http]',
      'port = 0',
      // Several logins from one browser within a minute: the per-IP throttle is not what these tests are about.
      'login_attempts_per_ip_per_minute = 100',
      '[signing.providers]',
      `pkcs11 = [{ name = "kaztoken", module = "${SOFTHSM_MODULE}", token_label = "signer-token" }]`,
      '[bank]',
      'connector = "sandbox"',
      'status_poll_ms = 200',
      '[bank.sandbox]',
      'always_open = true',
      '[bank.statements]',
      'schedule = "*/2 * * * * *"',
    ].join('\n'),
  );
  const initial: Record<string, string> = {};
  const store = openStore({ dataDir: path.join(dir, 'data') });
  try {
    for (const u of users) initial[u.login] = (await addUser(store.sql, { login: u.login, name: u.name, rights: u.rights ?? [], admin: Boolean(u.admin), actor: 'test' })).password;
  } finally {
    await store.close();
  }
  if (users.some((u) => u.login === 'signer')) {
    const bound = await runCli(dir, ['keys', 'bind', 'signer-ecp', 'signer'], env);
    if (bound.code !== 0) throw new Error(`keys bind failed: ${bound.stdout}${bound.stderr}`);
  }
  const api = await apiViewer(dir);
  const gateway = spawnGateway(dir, ['start'], env);
  const url = await gateway.ready;
  return {
    dir,
    url,
    inbox: path.join(dir, 'exchange/default/in'),
    hsm,
    pin: SOFTHSM_PIN,
    initial,
    api,
    gateway,
    async stop() {
      await gateway.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
