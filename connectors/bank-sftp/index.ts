// Public face of connectors/bank-sftp: the connector, its config schema, and the host key fingerprint helper.
export { bankSftpConnector, BANK_SFTP_SUPPORTS, type BankSftpConnector } from './connector.ts';
export { bankSftpConfigSchema, hostKeySha256Schema, type BankSftpConfig, type BankSftpConfigInput } from './config.ts';
export { hostKeyFingerprint } from './host-key.ts';
export { messageIdFor, namesFor } from './naming.ts';
