// The document list's filters and searches as query parameters, shared by the Documents page (a GET form) and
// GET /api/v1/documents: one zod schema, amounts as decimal strings turned into minor units.
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../core/model/document.ts';
import { parseDecimal } from '../../core/model/money.ts';
import type { DocumentFilter } from '../../store/document-list.ts';
import { DOCUMENT_STATES } from '../../store/schema.ts';

const ID = /^[0-9A-Z]{26}$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Major units with up to two decimals, a dot or a comma, spaces as thousands separators allowed ("1 250 000,50"). */
const AMOUNT = /^\d{1,15}([.,]\d{1,2})?$/;

export const FILTER_FIELDS = ['state', 'kind', 'account', 'date_from', 'date_to', 'amount_from', 'amount_to', 'number', 'beneficiary', 'bin'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

const amount = z
  .string()
  .transform((s) => s.replace(/[\s\u00a0\u202f]/g, ''))
  .pipe(z.string().regex(AMOUNT, 'an amount such as 1250000.50'));

export const filterShape = {
  state: z.enum(DOCUMENT_STATES).optional().describe('Document state'),
  kind: z.enum(DOCUMENT_KINDS).optional().describe('Document kind'),
  account: z
    .string()
    .transform((s) => s.replace(/\s/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}\d{2}[0-9A-Z]{1,30}$/, 'an account (IBAN) such as KZ86125KZT5004100100'))
    .optional()
    .describe('Debited account (payer IBAN), exact'),
  date_from: z.string().regex(DAY, 'a date YYYY-MM-DD').optional().describe('Document date from, inclusive'),
  date_to: z.string().regex(DAY, 'a date YYYY-MM-DD').optional().describe('Document date to, inclusive'),
  amount_from: amount.optional().describe('Amount from, inclusive (decimal, major units)'),
  amount_to: amount.optional().describe('Amount to, inclusive (decimal, major units)'),
  number: z.string().trim().min(1).max(64).optional().describe('1C document number, exact'),
  beneficiary: z.string().trim().min(1).max(200).optional().describe('A fragment of the beneficiary name, any case'),
  bin: z.string().regex(/^\d{12}$/, '12 digits').optional().describe('Beneficiary BIN/IIN, exact'),
};

export const cursorSchema = z.string().regex(ID, 'a cursor returned as next_cursor');

/** Page form fields left empty arrive as ''; they mean "no filter", not a bad value. */
export function withoutEmpty(q: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v.trim() !== ''));
}

type Parsed = { [K in keyof typeof filterShape]?: z.output<(typeof filterShape)[K]> };

/** The store's filter from parsed parameters (amounts in minor units; a reversed range is swapped). */
export function toStoreFilter(p: Parsed): DocumentFilter {
  let from = p.amount_from !== undefined ? parseDecimal(p.amount_from.replace(',', '.')) ?? undefined : undefined;
  let to = p.amount_to !== undefined ? parseDecimal(p.amount_to.replace(',', '.')) ?? undefined : undefined;
  if (from !== undefined && to !== undefined && from > to) [from, to] = [to, from];
  let dateFrom = p.date_from;
  let dateTo = p.date_to;
  if (dateFrom !== undefined && dateTo !== undefined && dateFrom > dateTo) [dateFrom, dateTo] = [dateTo, dateFrom];
  return {
    state: p.state,
    kind: p.kind,
    account: p.account,
    dateFrom,
    dateTo,
    amountFrom: from,
    amountTo: to,
    number: p.number,
    beneficiary: p.beneficiary,
    bin: p.bin,
  };
}
