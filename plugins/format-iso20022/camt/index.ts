// camt.052/053/054 in, camt.053.001.08 out: the statement part of the ISO 20022 format plugin.
export { readCamt, type CamtReadOptions } from './read.ts';
export { camt053Writer, checkCamt053, writeCamt053, CAMT053_V08, DEFAULT_BANK_TRANSACTION_CODE } from './write.ts';
export { CAMT_FORMATS, camtFormatOf, type CamtFormat } from './formats.ts';
export { DEFAULT_KNP_PATTERN, DEFAULT_KNP_SOURCES, type KnpOptions, type KnpSource } from './entry.ts';
