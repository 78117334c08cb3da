// Opens the store the configuration names: PostgreSQL when [data] database_url (or database_url_env) is set, else the
// SQLite file in [data] dir. Every process of one installation (gateway, workers, CLI) opens it the same way.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { GatewayConfig } from '../../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { GatewayError } from '../core/errors.ts';
import { DB_FILE_NAME, openStore, type Store } from './db.ts';
import { openPgStore, withoutPassword } from './pg/open.ts';

export interface OpenGatewayStoreOptions {
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Read-only callers (status, audit verify): a missing SQLite database is an error, not created empty. */
  mustExist?: boolean;
  /** Errors of idle PostgreSQL connections (a server restart): logged by the caller, never fatal. */
  onError?: (e: Error) => void;
}

/** The PostgreSQL URL of this configuration, or null for SQLite. */
export function databaseUrlOf(data: GatewayConfig['data'], env: Record<string, string | undefined>): string | null {
  if (data.database_url) return data.database_url;
  if (!data.database_url_env) return null;
  const url = env[data.database_url_env];
  if (!url) throw new GatewayError('CFG_INVALID', `environment variable ${data.database_url_env} (data.database_url_env) is not set`);
  return url;
}

export async function openGatewayStore(cfg: GatewayConfig, opts: OpenGatewayStoreOptions = {}): Promise<Store> {
  const url = databaseUrlOf(cfg.data, opts.env ?? process.env);
  if (url) {
    try {
      return await openPgStore(url, { max: cfg.data.pool_size, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.onError ? { onError: opts.onError } : {}) });
    } catch (e) {
      if (e instanceof GatewayError) throw e;
      throw new GatewayError('CFG_INVALID', `cannot open the PostgreSQL database ${withoutPassword(url)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const dbFile = path.join(cfg.data.dir, DB_FILE_NAME);
  // Do not create an empty database just to report on it: say where we looked.
  if (opts.mustExist && !existsSync(dbFile)) throw new GatewayError('CFG_INVALID', `no gateway database at ${dbFile} (has the gateway run with this configuration?)`);
  return openStore({ dataDir: cfg.data.dir, ...(opts.clock ? { clock: opts.clock } : {}) });
}
