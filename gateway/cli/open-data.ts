// Opens the configured data folder for read-mostly CLI commands (status, audit verify).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/load.ts';
import { GatewayError } from '../core/errors.ts';
import { DB_FILE_NAME, openStore, type Store } from '../store/db.ts';

export function openConfiguredStore(opts: { config?: string }): { loaded: LoadedConfig; store: Store } {
  const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
  const dbFile = path.join(loaded.config.data.dir, DB_FILE_NAME);
  // Do not create an empty database just to report on it: say where we looked.
  if (!existsSync(dbFile)) throw new GatewayError('CFG_INVALID', `no gateway database at ${dbFile} (has the gateway run with this configuration?)`);
  return { loaded, store: openStore({ dataDir: loaded.config.data.dir }) };
}
