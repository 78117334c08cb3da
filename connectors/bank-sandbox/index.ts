// The sandbox bank (architecture.md 7): a real bank simulator, not a mock — its own HTTPS server and SQLite, clients and
// accounts, signature verification under the client's policy, cut-off and Kazakhstan business days, execution into
// balances, statements, an FX desk, letters and fault knobs. startSandboxBankThread runs it in process on its own thread (the default
// bank of `npm start`), startSandboxBank on the caller's thread (tests); runSandboxStandalone is `bankgate sandbox`.
export { startSandboxBank, type SandboxBank, type SandboxBankOptions } from './bank.ts';
export { startSandboxBankThread } from './thread.ts';
export { runSandboxStandalone, type SandboxStandaloneOptions } from './standalone.ts';
export { sandboxConfigSchema, type SandboxConfig, type SandboxConfigInput } from './config.ts';
export { AdminError, type SandboxAdmin, type AccountView, type CertificateView, type ClientView, type ClockView } from './admin.ts';
export type { FaultState, FaultUpdate } from './fault-knobs.ts';
