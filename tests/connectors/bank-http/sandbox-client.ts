// A real sandbox bank on loopback over TLS with one client set up through its admin API (accounts, a registered
// signing certificate with a single right, a policy), and bank-http sessions pinned to its certificate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startSandboxBank, type SandboxBank, type SandboxConfigInput } from '../../../connectors/bank-sandbox/index.ts';
import { bankHttpConnector, type BankHttpConfigInput } from '../../../connectors/bank-http/index.ts';
import type { ConnectorSession } from '../../../gateway/core/connector.ts';
import { silentLogger, type Logger } from '../../../gateway/core/logger.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import { cmsSigner, makeTestSigner, type TestSigner } from '../../conformance/connector-signing.ts';

/** A Wednesday, 10:00 in Almaty (UTC+5): a business day before the cut-off, whatever day the tests run on. */
export const BUSINESS_MORNING = '2026-11-25T05:00:00.000Z';

export interface SandboxClient {
  bank: SandboxBank;
  clientId: string;
  token: string;
  account: string;
  usdAccount: string;
  payer: Party;
  beneficiary: Party;
  signer: TestSigner;
  sign(payload: Uint8Array): Promise<Uint8Array[]>;
  businessDate: string;
  /** A bank-http session for this client, pinned to the sandbox certificate; `config` overrides the defaults. */
  open(config?: Partial<BankHttpConfigInput>, logger?: Logger): Promise<ConnectorSession>;
  /** Documents the bank holds for this client, counted in its own database (read-only): the admin API has no count. */
  documentCount(): number;
  close(): Promise<void>;
}

export interface SandboxClientOptions {
  config?: SandboxConfigInput;
  /** The sandbox's own logger (its debug line 'sandbox request' names every request it handled). */
  logger?: Logger;
  /** Default true; false serves plain HTTP on loopback. */
  tls?: boolean;
}

export async function startSandboxClient(o: SandboxClientOptions = {}): Promise<SandboxClient> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bankgate-sandbox-http-'));
  const bank = await startSandboxBank({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    tls: o.tls ?? true,
    config: { execution_delay_ms: 100, tick_ms: 50, ...o.config },
    ...(o.logger ? { logger: o.logger } : {}),
  });
  const sessions: ConnectorSession[] = [];
  try {
    const clock = bank.admin.setClock({ now: BUSINESS_MORNING });
    const client = bank.admin.upsertClient({ client_id: 'alfa', name: 'ТОО «Альфа Трейд»', bin: '102340001234' });
    const other = bank.admin.upsertClient({ client_id: 'beta', name: 'ТОО «Бета Сервис»', bin: '040740000033' });
    const account = bank.admin.openAccount({ client_id: client.client_id, currency: 'KZT', balance: '50000000.00' }).iban;
    const usdAccount = bank.admin.openAccount({ client_id: client.client_id, currency: 'USD', balance: '0' }).iban;
    const betaAccount = bank.admin.openAccount({ client_id: other.client_id, currency: 'KZT' }).iban;
    const signer = await makeTestSigner({ alg: 'ecdsa', cn: 'ӘБІЛҚАСЫМОВ ЕРЛАН', iin: '850315300128', bin: client.bin });
    bank.admin.registerCertificate({ client_id: client.client_id, pem: signer.cert.pem, user: 'director', account: '*', right: 'single' });
    bank.admin.setPolicy(client.client_id, { policies: [{ account: '*', kinds: ['*'], sets: ['single'] }] });
    // A credit in the period so statements carry both directions.
    bank.admin.incomingPayment({ iban: account, amount: '777000.00', counterparty: { name: 'ТОО «Гамма»', bin: '990140000012' } });
    const token = client.token!;
    return {
      bank,
      clientId: client.client_id,
      token,
      account,
      usdAccount,
      payer: { name: client.name, binIin: client.bin, iban: account, bic: 'SNDXKZKA', code: '17' },
      beneficiary: { name: other.name, binIin: other.bin, iban: betaAccount, bic: 'SNDXKZKA', code: '17' },
      signer,
      sign: cmsSigner([signer]),
      businessDate: clock.business_date,
      async open(overrides = {}, logger = silentLogger) {
        const s = await bankHttpConnector.open(
          {
            url: bank.url,
            token_env: 'SANDBOX_CLIENT_TOKEN',
            ...(bank.url.startsWith('https:') ? { tls_fingerprint: bank.tlsFingerprint } : {}),
            timeout_ms: 3000,
            retry: { attempts: 4, base_ms: 20, max_ms: 100 },
            ...overrides,
          },
          { logger, env: { SANDBOX_CLIENT_TOKEN: token } },
        );
        sessions.push(s);
        return s;
      },
      documentCount() {
        const db = new Database(join(dataDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT count(*) AS n FROM documents WHERE client_id = ?').get(client.client_id) as { n: number }).n;
        } finally {
          db.close();
        }
      },
      async close() {
        for (const s of sessions) await s.close();
        await bank.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await bank.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

export interface HandledRequest {
  method: string;
  path: string;
  status: number;
}

/** A logger for the sandbox that lists its debug line per handled request: what actually reached the bank. */
export function requestLog(into: HandledRequest[]): Logger {
  const logger: Logger = {
    debug: (o, msg) => {
      if (msg === 'sandbox request' && typeof o === 'object') into.push(o as HandledRequest);
    },
    info: () => {},
    warn: () => {},
    error: () => {},
    child: () => logger,
  };
  return logger;
}
