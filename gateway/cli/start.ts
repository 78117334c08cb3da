// `bankgate start`: run the gateway until SIGINT/SIGTERM, then stop intake, finish work and close.
import { loadConfig } from '../../config/load.ts';
import { GatewayError } from '../core/errors.ts';
import { ROLES, startGateway, type Role } from '../main.ts';
import { demoBanner } from './demo-banner.ts';
import { reportError } from './output.ts';

export async function runStart(opts: { config?: string; roles?: string }): Promise<number> {
  let gw;
  try {
    const roles = opts.roles === undefined ? undefined : parseStartRoles(opts.roles);
    gw = await startGateway(loadConfig(opts.config ? { configPath: opts.config } : {}), roles ? { roles } : {});
  } catch (e) {
    return reportError(e);
  }
  // Human-readable lines on stderr so stdout stays pure JSON log lines.
  if (gw.roles.length < ROLES.length) process.stderr.write(`bankgate: roles of this process: ${gw.roles.join(', ')}\n`);
  for (const m of gw.mailboxes) process.stderr.write(`bankgate: drop files for mailbox '${m.name}' into ${m.inbox}\n`);
  if (gw.demoStart) {
    const lines = demoBanner({ url: gw.url, sandboxUrl: gw.bank?.bank.sandbox?.url ?? null, inbox: gw.mailboxes[0]?.inbox ?? null, ...gw.demoStart });
    process.stderr.write(lines.map((l) => `${l}\n`).join(''));
  } else {
    process.stderr.write(`bankgate: bank: ${gw.bank ? `${gw.bank.bank.name}${gw.bank.bank.sandbox ? ` (built-in sandbox at ${gw.bank.bank.sandbox.url})` : ''}` : 'none configured — documents stop when signed'}\n`);
  }
  // The address line last: scripts and tests take it as "ready", with every line above already written.
  process.stderr.write(`bankgate: HTTP API at ${gw.url}  (GET ${gw.url}/api/v1/files, ${gw.url}/healthz)\n`);
  process.stderr.write('bankgate: running — press Ctrl+C to stop\n');
  await untilStopped(gw);
  return 0;
}

/** `start --roles`: the drop folders and the dashboard always, plus the chosen worker roles (others run elsewhere). */
export function parseStartRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length) throw new GatewayError('CFG_INVALID', `--roles: unknown role ${bad.map((b) => `'${b}'`).join(', ')}; roles are ${ROLES.join(', ')}`);
  return [...new Set<Role>(['intake', 'web', ...(roles as Role[])])];
}

/** Waits for SIGINT or SIGTERM, then stops the gateway (finishing running work) and returns. */
export async function untilStopped(running: { stop(): Promise<void> }): Promise<void> {
  await new Promise<void>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      process.stderr.write(`bankgate: ${sig} received, stopping…\n`);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void running.stop().finally(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  process.stderr.write('bankgate: stopped\n');
}
