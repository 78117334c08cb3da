// Opens the configured bank: a bank-http session to a real bank, or the embedded sandbox bank started in this
// process (its own thread, HTTPS server and SQLite) with a bank-http session to it — the same connector either way.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GatewayConfig } from '../../config/schema.ts';
import { bankHttpConnector } from '../../connectors/bank-http/index.ts';
import { bankSftpConnector } from '../../connectors/bank-sftp/index.ts';
import { startSandboxBankThread, type SandboxBank } from '../../connectors/bank-sandbox/index.ts';
import type { SandboxConfigInput } from '../../connectors/bank-sandbox/config.ts';
import type { ConnectorSession } from '../core/connector.ts';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/db.ts';
import { sandboxClientState } from './sandbox-client.ts';

export const SANDBOX_CLIENT_ID = 'bankgate';
const TOKEN_ENV = 'BANKGATE_SANDBOX_CLIENT_TOKEN';

export interface OpenBank {
  name: 'bank-http' | 'bank-sandbox' | 'bank-sftp';
  session: ConnectorSession;
  /** The embedded sandbox, when that is the bank. */
  sandbox: SandboxBank | null;
  close(): Promise<void>;
}

/** The company's client token at the embedded sandbox: made once, kept beside its database (mode 0600). */
function sandboxToken(dir: string): string {
  const file = path.join(dir, 'client-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

export interface OpenBankOptions {
  cfg: GatewayConfig;
  store: Store;
  logger: Logger;
  env: Record<string, string | undefined>;
  /** Extra sandbox settings (the demo profile: every day a business day, incoming payments). */
  sandboxConfig?: Partial<SandboxConfigInput>;
  /** Automatic-signing keys per account. */
  auto?: readonly { key: string; account: string }[];
  /** Company name and BIN the sandbox knows the client by. */
  company?: { name: string; bin: string };
}

export async function openBank(o: OpenBankOptions): Promise<OpenBank> {
  const { cfg, logger } = o;
  if (cfg.bank.connector === 'http') {
    if (!cfg.bank.http) throw new GatewayError('CONN_CONFIG', '[bank.http] is missing');
    const session = await bankHttpConnector.open(cfg.bank.http, { logger, env: o.env });
    return { name: 'bank-http', session, sandbox: null, close: () => session.close() };
  }
  if (cfg.bank.connector === 'sftp') {
    if (!cfg.bank.sftp) throw new GatewayError('CONN_CONFIG', '[bank.sftp] is missing');
    // The session polls the download folder in the background; close() stops it.
    const session = await bankSftpConnector.open(cfg.bank.sftp, { logger, env: o.env });
    return { name: 'bank-sftp', session, sandbox: null, close: () => session.close() };
  }
  if (cfg.bank.connector !== 'sandbox') throw new GatewayError('CONN_CONFIG', 'no bank is configured ([bank] connector = "none")');
  const dir = cfg.bank.sandbox.dir!;
  const token = sandboxToken(dir);
  const state = await sandboxClientState(o.store, cfg.signing.policies, o.auto ?? cfg.signing.auto);
  const company = o.company ?? { name: 'bankgate client', bin: '150140001239' };
  // On its own thread: the bank's CPU work (signature checks, its books) does not stall the gateway's event loop.
  const sandbox = await startSandboxBankThread({
    dataDir: dir,
    host: '127.0.0.1',
    port: 0,
    tls: true,
    logger: logger.child({ part: 'sandbox-bank' }),
    config: {
      ...o.sandboxConfig,
      clients: [{ client_id: SANDBOX_CLIENT_ID, name: company.name, bin: company.bin, token, accounts: [], certificates: state.certificates, policies: state.policies }],
    },
  });
  try {
    const session = await bankHttpConnector.open({ url: sandbox.url, token_env: TOKEN_ENV, tls_fingerprint: sandbox.tlsFingerprint }, { logger, env: { [TOKEN_ENV]: token } });
    return {
      name: 'bank-sandbox',
      session,
      sandbox,
      async close() {
        await session.close();
        await sandbox.close();
      },
    };
  } catch (e) {
    await sandbox.close();
    throw e;
  }
}
