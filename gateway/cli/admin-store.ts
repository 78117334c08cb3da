// Opens (creating when needed) the configured store for admin commands that write: users, keys, sign.
import { loadConfig, type LoadedConfig } from '../../config/load.ts';
import { openStore, type Store } from '../store/db.ts';

export function openAdminStore(opts: { config?: string }): { loaded: LoadedConfig; store: Store } {
  const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
  return { loaded, store: openStore({ dataDir: loaded.config.data.dir }) };
}

/** Who did it, for audit events of CLI commands: the OS user running the command. */
export function cliActor(): string {
  const u = process.env.SUDO_USER || process.env.USER || process.env.USERNAME || 'unknown';
  return `cli:${u}`;
}
