// Public face of the validation library: context, the document validator, every single check and the config section.
export * from './findings.ts';
export * from './config.ts';
export * from './context.ts';
export * from './rules.ts';
export * from './party.ts';
export * from './lists.ts';
export * from './amounts.ts';
export * from './dates.ts';
export * from './lengths.ts';
export * from './kz/iban.ts';
export * from './kz/bic.ts';
export * from './kz/banks.ts';
export * from './kz/bin-iin.ts';
export * from './kz/kbe.ts';
export * from './kz/knp.ts';
export * from './kz/kbk.ts';
export * from './kz/recipients.ts';
