// ISO 20022 payments: pain.001 in (.03, .09 and other versions by local names), pain.001.001.09 out, pain.002 in
// (.03, .10) with the mapping of its statuses to bank states. The plugin (plugins/format-iso20022/index.ts) wires these.
export { PAIN_FORMATS, PAIN_001_03, PAIN_001_09, PAIN_002_03, PAIN_002_10, PAIN_001_MESSAGE, PAIN_002_MESSAGE, painFormatOf, type PainFormatId } from './formats.ts';
export { DEFAULT_PAIN001_PROFILE, resolvePain001Profile, type Pain001KzProfile, type KnpLocation, type KbkLocation, type ContractLocation } from './profile.ts';
export { readPain001, type Pain001ReadOptions, type Pain001Summary } from './read-001.ts';
export { writePain001, checkPain001, pain001Writer, PAIN_001_09_NS, type Pain001WriteOptions, type Pain001Problem } from './write-001.ts';
export { readPain002, type Pain002ReadOptions } from './read-002.ts';
export { transactionStates, stateOfStatus, reasonText, STATUS_STATES, REASON_TEXTS, type TransactionState } from './status-map.ts';
