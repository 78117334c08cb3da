// Opens the configured store for read-mostly CLI commands (status, audit verify): never creates an empty one.
import { loadConfig, type LoadedConfig } from '../../config/load.ts';
import type { Store } from '../store/db.ts';
import { openGatewayStore } from '../store/open-store.ts';

export async function openConfiguredStore(opts: { config?: string }): Promise<{ loaded: LoadedConfig; store: Store }> {
  const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
  return { loaded, store: await openGatewayStore(loaded.config, { mustExist: true }) };
}
