// The bank-sftp connector: host-to-host file exchange over SFTP — pain.001 + signatures up, pain.002 and camt down.
import { readFile } from 'node:fs/promises';
import { defineConnector, type Connector } from '../../gateway/core/connector.ts';
import { GatewayError, errorMessage } from '../../gateway/core/errors.ts';
import { bankSftpConfigSchema, redactedConfig, type BankSftpConfigInput } from './config.ts';
import { openSession } from './session.ts';
import { openState, stateFileName } from './state.ts';

/** What this channel carries; the conformance suite skips the rest (tests/conformance/connector.conformance.ts). */
export const BANK_SFTP_SUPPORTS = { fxConfirmations: false, letters: false } as const;

/** The contract has no capability field yet; this connector declares one beside it. */
export type BankSftpConnector = Connector<BankSftpConfigInput> & { supports: typeof BANK_SFTP_SUPPORTS };

export const bankSftpConnector = defineConnector<BankSftpConfigInput, BankSftpConnector>({
  name: 'bank-sftp',
  secrets: ['passphrase_env'],
  supports: BANK_SFTP_SUPPORTS,
  async open(raw, ctx) {
    const parsed = bankSftpConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
      throw new GatewayError('CONN_CONFIG', `bank-sftp configuration is invalid:\n  - ${problems.join('\n  - ')}`, { problems });
    }
    const config = parsed.data;
    let passphrase: string | undefined;
    if (config.passphrase_env) {
      passphrase = ctx.env[config.passphrase_env];
      if (passphrase === undefined) throw new GatewayError('CONN_CONFIG', `environment variable ${config.passphrase_env} (passphrase_env) is not set`, { passphrase_env: config.passphrase_env });
    }
    let privateKey: Buffer;
    try {
      privateKey = await readFile(config.private_key_path);
    } catch (e) {
      throw new GatewayError('CONN_CONFIG', `private_key_path ${config.private_key_path} cannot be read: ${errorMessage(e)}`, { private_key_path: config.private_key_path });
    }
    const state = await openState(config.state_dir, stateFileName(config));
    const logger = ctx.logger.child({ connector: 'bank-sftp' });
    logger.info({ config: redactedConfig(config), state: state.path }, 'bank-sftp session opened');
    return openSession({ config, privateKey, passphrase, state, logger });
  },
});
