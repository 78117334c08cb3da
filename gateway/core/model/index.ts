// Public face of the canonical model.
export * from './money.ts';
export * from './party.ts';
export * from './document.ts';
export * from './statement.ts';
export * from './status-report.ts';
export * from './json.ts';
export * from './document-json.ts';
