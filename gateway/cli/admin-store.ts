// Opens (creating when needed) the configured store for admin commands that write: users, keys, sign.
import { loadConfig, type LoadedConfig } from '../../config/load.ts';
import type { Store } from '../store/db.ts';
import { openGatewayStore } from '../store/open-store.ts';

export async function openAdminStore(opts: { config?: string }): Promise<{ loaded: LoadedConfig; store: Store }> {
  const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
  return { loaded, store: await openGatewayStore(loaded.config) };
}

/** Who did it, for audit events of CLI commands: the OS user running the command. */
export function cliActor(): string {
  const u = process.env.SUDO_USER || process.env.USER || process.env.USERNAME || 'unknown';
  return `cli:${u}`;
}
