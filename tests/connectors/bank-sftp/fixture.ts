// One bank reachable over SFTP for the tests: a real sshd (sshd.ts), the bank's side watching its folders
// (bank-side.ts), a registered test signer, and bank-sftp sessions configured against it with a passphrase-protected key.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bankSftpConnector, type BankSftpConfigInput } from '../../../connectors/bank-sftp/index.ts';
import type { ConnectorDocument, ConnectorSession, SignedSubmission } from '../../../gateway/core/connector.ts';
import type { PaymentDocument } from '../../../gateway/core/model/document.ts';
import { money } from '../../../gateway/core/model/money.ts';
import { silentLogger, type Logger } from '../../../gateway/core/logger.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import { ibanCheckDigits } from '../../../gateway/validate/kz/iban.ts';
import { cmsSigner, makeTestSigner, signedSubmission, type TestSigner } from '../../conformance/connector-signing.ts';
import { startBankSide, type BankSide } from './bank-side.ts';
import { startSshd, type Sshd } from './sshd.ts';

const kzIban = (bban: string) => `KZ${ibanCheckDigits(bban)}${bban}`;
export const PASSPHRASE_ENV = 'BANK_SFTP_TEST_PASSPHRASE';

export interface SftpBank {
  sshd: Sshd;
  bank: BankSide;
  signer: TestSigner;
  sign(payload: Uint8Array): Promise<Uint8Array[]>;
  account: string;
  payer: Party;
  beneficiary: Party;
  businessDate: string;
  stateDir: string;
  archiveDir: string;
  config(overrides?: Partial<BankSftpConfigInput>): BankSftpConfigInput;
  /** A unique KZT payment from the client's account (decimal amount). */
  payment(amount?: string): ConnectorDocument;
  /** The document as the gateway hands it to submit: the session's payload, signed by the registered signer. */
  signed(session: ConnectorSession, doc: ConnectorDocument): Promise<SignedSubmission>;
  open(overrides?: Partial<BankSftpConfigInput>, logger?: Logger): Promise<ConnectorSession>;
  close(): Promise<void>;
}

/** The connector's settings for a test sshd: pinned host key, the passphrase in PASSPHRASE_ENV, fast polling. */
export function sftpConfigFor(sshd: Sshd, stateDir: string): BankSftpConfigInput {
  return {
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    private_key_path: sshd.clientKeyPath,
    passphrase_env: PASSPHRASE_ENV,
    host_key_sha256: sshd.hostKeySha256,
    upload_dir: sshd.uploadDir,
    download_dir: sshd.downloadDir,
    state_dir: stateDir,
    poll_interval_ms: 200,
  };
}

export async function startSftpBank(o: { balance?: bigint } = {}): Promise<SftpBank> {
  const sshd = await startSshd({ passphrase: 'correct horse battery staple' });
  const stateDir = await mkdtemp(join(tmpdir(), 'bankgate-sftp-state-'));
  const archiveDir = join(sshd.dir, 'bank', 'archive');
  const signer = await makeTestSigner({ alg: 'ecdsa', cn: 'ӘБІЛҚАСЫМОВ ЕРЛАН', iin: '850315300128', bin: '102340001234' });
  const account = kzIban('722S000012345678'.slice(0, 16));
  const payer: Party = { name: 'ТОО «Альфа Трейд»', binIin: '102340001234', iban: account, bic: 'CASPKZKA', code: '17' };
  const beneficiary: Party = { name: 'ТОО «Бета Сервис»', binIin: '040740000033', iban: kzIban('722S000098765432'), bic: 'CASPKZKA', code: '17' };
  const businessDate = new Date().toISOString().slice(0, 10);
  const bank = await startBankSide({
    uploadDir: sshd.uploadDir,
    downloadDir: sshd.downloadDir,
    archiveDir,
    account,
    owner: payer,
    balance: o.balance ?? 5_000_000_000n,
    businessDate,
    certificates: [signer.cert.der],
  });
  const sessions: ConnectorSession[] = [];
  let n = 0;
  const sign = cmsSigner([signer]);
  const config = (overrides: Partial<BankSftpConfigInput> = {}): BankSftpConfigInput => ({
    ...sftpConfigFor(sshd, stateDir),
    connect_timeout_ms: 3_000,
    retry: { attempts: 4, base_ms: 20, max_ms: 200 },
    ...overrides,
  });
  return {
    sshd,
    bank,
    signer,
    sign,
    payment(amount = '1000.00') {
      const document: PaymentDocument = {
        kind: 'payment',
        number: `${Date.now() % 100_000}${++n}`,
        date: businessDate,
        amount: money(amount, 'KZT'),
        payer,
        beneficiary,
        knp: '710',
        purpose: `Оплата по счёту №${n}`,
      };
      return { id: `sftp-${randomUUID()}`, document };
    },
    signed: (session, doc) => signedSubmission(session, doc, sign),
    account,
    payer,
    beneficiary,
    businessDate,
    stateDir,
    archiveDir,
    config,
    async open(overrides = {}, logger = silentLogger) {
      const s = await bankSftpConnector.open(config(overrides), { logger, env: { [PASSPHRASE_ENV]: sshd.passphrase } });
      sessions.push(s);
      return s;
    },
    async close() {
      for (const s of sessions) await s.close().catch(() => undefined);
      await bank.stop();
      await sshd.dispose();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
