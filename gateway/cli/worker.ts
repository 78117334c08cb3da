// `bankgate worker --roles parse,submit,poll,export [--key K]`: workers only (no drop folders, no dashboard), beside a
// `bankgate start` sharing its configuration, database and queue — on this machine with the embedded queue, on any
// machine that reaches Redis and the database with backend = "bullmq". Signer workers run where their token is.
import { loadConfig } from '../../config/load.ts';
import { isDemo } from '../bank/demo.ts';
import { GatewayError } from '../core/errors.ts';
import { startGateway, WORKER_ROLES, type Role } from '../main.ts';
import { reportError } from './output.ts';
import { askSecret } from './secret-prompt.ts';
import { untilStopped } from './start.ts';

export function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(WORKER_ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || bad.length) {
    throw new GatewayError('CFG_INVALID', `--roles: ${bad.length ? `unknown role ${bad.map((b) => `'${b}'`).join(', ')}` : 'no role given'}; a worker takes any of ${WORKER_ROLES.join(', ')} (drop folders and the dashboard stay with \`bankgate start\`)`);
  }
  return [...new Set(roles)] as Role[];
}

export async function runWorker(opts: { config?: string; roles: string; key?: string[] }, env: Record<string, string | undefined> = process.env): Promise<number> {
  let gw;
  try {
    const roles = parseRoles(opts.roles);
    const keys = opts.key ?? [];
    if (roles.includes('sign') && keys.length === 0) throw new GatewayError('CFG_INVALID', '--roles sign needs --key <key id> for each key whose token is on this machine');
    if (!roles.includes('sign') && keys.length) throw new GatewayError('CFG_INVALID', '--key is for the sign role: add sign to --roles');
    const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
    if (isDemo(loaded, env)) throw new GatewayError('CFG_INVALID', 'a worker shares the configuration of a running gateway: give it with --config (the demo runs everything in one `bankgate start`)');
    const c = loaded.config;
    if (c.bank.connector === 'sandbox' && roles.some((r) => r === 'submit' || r === 'poll' || r === 'export')) {
      throw new GatewayError('CFG_INVALID', 'the built-in sandbox bank lives inside `bankgate start`: workers with submit, poll or export need [bank] connector = "http" (the sandbox\'s URL is fine)');
    }
    gw = await startGateway(loaded, { roles, signKeys: keys, env });
    // Keys that do not sign automatically are unlocked here, once, by the person at this machine.
    for (const key of keys) {
      const w = gw.signers.worker(key);
      if (!w) throw new GatewayError('SIGN_KEY_NOT_FOUND', `key ${key} is not recorded, not bound to a user, or its provider is not configured here`);
      if (w.state().unlocked) continue;
      await w.unlock(await askSecret(`PIN for key ${key}: `));
    }
    process.stderr.write(`bankgate: worker running: ${roles.join(', ')}${keys.length ? ` (keys ${keys.join(', ')})` : ''}, queue backend ${c.queue.backend} — press Ctrl+C to stop\n`);
  } catch (e) {
    await gw?.stop();
    return reportError(e);
  }
  await untilStopped(gw);
  return 0;
}
