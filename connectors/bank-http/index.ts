// Public face of connectors/bank-http: the connector, its config schema, and the fingerprint helper for set-up tools.
export { bankHttpConnector } from './connector.ts';
export { bankHttpConfigSchema, type BankHttpConfig, type BankHttpConfigInput } from './config.ts';
export { certificateFingerprint } from './pinning.ts';
