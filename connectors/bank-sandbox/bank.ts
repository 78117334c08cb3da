// Starts the sandbox bank in process: opens its SQLite, clock, calendar, rate book and fault knobs, applies seed
// clients, loads (or makes) its TLS identity, listens, and runs the background tick until close().
import { mkdirSync } from 'node:fs';
import { systemClock, type Clock } from '../../gateway/core/clock.ts';
import { silentLogger, type Logger } from '../../gateway/core/logger.ts';
import { createAdmin, type SandboxAdmin } from './admin.ts';
import { loadOrCreateAdminToken } from './admin-token.ts';
import { createSandboxApp } from './app.ts';
import { createCalendar } from './calendar.ts';
import { createSandboxClock } from './clock.ts';
import { sandboxConfigSchema, type SandboxConfig, type SandboxConfigInput } from './config.ts';
import type { SandboxCore } from './core.ts';
import { openSandboxDb } from './db.ts';
import { executeDue } from './execute.ts';
import { createFaultBox } from './fault-knobs.ts';
import { createIncomingGenerator } from './incoming.ts';
import { createRateBook } from './rates.ts';
import { createHangs } from './routes/faults.ts';
import { applySeed } from './seed.ts';
import { listen } from './server.ts';
import { loadOrCreateTls } from './tls.ts';

export interface SandboxBankOptions {
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** HTTPS with the sandbox's self-signed certificate (default true); false serves plain HTTP. */
  tls?: boolean;
  /** Raw (defaults filled in here) or already parsed. */
  config?: SandboxConfigInput | SandboxConfig;
  /** Host clock under the sandbox clock (tests pass a fixed one); the admin's offset is added on top. */
  clock?: Clock;
  logger?: Logger;
}

export interface SandboxBank {
  /** https://127.0.0.1:PORT (http:// when tls is false). */
  url: string;
  /** Hex SHA-256 of the server certificate's DER (stable across restarts with the same dataDir). */
  tlsFingerprint: string;
  /** The self-signed server certificate, to trust as a CA. */
  caPem: string;
  admin: SandboxAdmin;
  close(): Promise<void>;
}

export async function startSandboxBank(opts: SandboxBankOptions): Promise<SandboxBank> {
  const config = Object.freeze(sandboxConfigSchema.parse(opts.config ?? {}));
  const host = opts.host ?? '127.0.0.1';
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openSandboxDb(opts.dataDir);
  try {
    const logger = (opts.logger ?? silentLogger).child({ component: 'bank-sandbox' });
    const core: SandboxCore = {
      db,
      config,
      logger,
      clock: createSandboxClock(opts.clock ?? systemClock, db),
      calendar: createCalendar({ timeZone: config.time_zone, cutoff: config.cutoff, opening: config.opening, publicHolidays: config.public_holidays, holidays: config.holidays, workingDays: config.working_days, weekend: config.weekend }),
      rates: createRateBook(db, config.fx_rates),
      faults: createFaultBox(config.faults),
    };
    const incoming = createIncomingGenerator(core);
    const tick = () => ({ executed: executeDue(core), incoming: incoming.run() });
    const admin = createAdmin(core, loadOrCreateAdminToken(opts.dataDir), tick);
    applySeed(db, admin, config.clients);
    const tlsId = await loadOrCreateTls(opts.dataDir, host);
    const hangs = createHangs();
    const app = createSandboxApp(core, admin, hangs);
    const server = await listen(app, { host, port: opts.port ?? 0, tls: opts.tls === false ? null : { key: tlsId.keyPem, cert: tlsId.certPem } });
    const timer = setInterval(() => {
      try {
        tick();
      } catch (e) {
        logger.error({ err: e }, 'sandbox tick failed');
      }
    }, config.tick_ms);
    timer.unref();
    logger.info({ url: server.url, fingerprint: tlsId.fingerprint }, 'sandbox bank listening');
    let closed = false;
    return {
      url: server.url,
      tlsFingerprint: tlsId.fingerprint,
      caPem: tlsId.certPem,
      admin,
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        hangs.releaseAll();
        await server.close();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
