// Options of the MT100/MT102 plugin. Every [U] fact of kz-formats.md 2 is a setting here, with its default documented;
// bank-profile values (WriteOptions.profile) override the envelope and header settings per bank.
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import { createKnpDictionary, type KnpDictionary } from '../../gateway/validate/kz/knp.ts';
import { SEED_RECIPIENTS, type StatutoryRecipients } from '../../gateway/validate/kz/recipients.ts';
import { isTimeZone, todayIn } from '../../gateway/validate/dates.ts';
import { mtCharset, type MtCharset } from './charset.ts';

/** How `/PERIOD/` is written [U] (kz-formats.md 2.3: bank APIs use MMYYYY or MM.YYYY; 8.4 shows 102026). */
export type PeriodFormat = 'MMYYYY' | 'MM.YYYY' | 'YYYYMM' | 'YYYY-MM';
export const PERIOD_FORMATS: readonly PeriodFormat[] = ['MMYYYY', 'MM.YYYY', 'YYYYMM', 'YYYY-MM'];

/** Block-2 routing [C S-IXORA lb102ink.p]: gross (real time) or clearing. */
export type Routing = 'SGROSS' | 'SCLEAR';

/** The `:70:` service codes of sequence A; their meanings are [U] (kz-formats.md 2.2), so each is a setting. */
export interface ServiceCodes {
  /** `/SEND/`, default '07'. */
  send: string;
  /** `/VO/` (01 = ordinary order), default '01'. */
  vo: string;
  /** `/PSO/`, default '01' (2.3: required '01' on pension files). */
  pso: string;
  /** `/PRT/` of an MT100, default '50' (2.2). */
  prtPayment: string;
  /** `/PRT/` of an MT102 list, default '05' (2.3: required '05' on pension files). */
  prtList: string;
}

/**
 * KNP → `/OPV/` letter of the rows (kz-formats.md 2.3). [C]: 010, 019 → C (mandatory), 013 → V (voluntary),
 * 012, 017 → S (social). [U] defaults: 089, 098 (ОПВР) and 015 (ОППВ) → C as mandatory pension contributions.
 * Medical (121–124) and salary rows carry no letter by default [U]; add one with `schemeLetters`.
 */
export const DEFAULT_SCHEME_LETTERS: Readonly<Record<string, string>> = {
  '010': 'C',
  '019': 'C',
  '013': 'V',
  '012': 'S',
  '017': 'S',
  '089': 'C',
  '098': 'C',
  '015': 'C',
};

export interface Mt102KzOptions {
  /** Charset written when WriteOptions.encoding is absent, and read when a file is not UTF-8 [U]; default 'windows-1251'. */
  encoding?: string;
  /** Line end [U]; default CRLF. */
  eol?: '\r\n' | '\n';
  /** Between two messages of one file [U]; default '' (the next `{1:` follows the `-}` line). */
  separator?: string;
  /** Block 2 routing; default 'SGROSS' (2.3: pension/social files must be `I102SGROSS…`). Profile key `routing`. */
  routing?: Routing;
  /** Block 2 after the 12-character receiver [U]; default 'U3003'. Profile key `block2Suffix`. */
  block2Suffix?: string;
  /** Block 1 LT address, 12 characters [U]; default the payer BIC + 'AXXX' (as 8.4). Profile key `senderLt`. */
  senderLt?: string;
  /** Block 1 session + sequence number, 10 digits [U]; default '0000000000'. Profile key `sessionSequence`. */
  sessionSequence?: string;
  /** `:70:` service codes [U]; defaults in `ServiceCodes`. */
  codes?: Partial<ServiceCodes>;
  /** `/ASSIGN/` wrapping [C≈ S-IXORA]: first line 62 characters, continuation lines 70, at most 6 lines. */
  assign?: { first?: number; next?: number; maxLines?: number };
  /** How continuation lines of `/ASSIGN/` join when read [U]; default '' (the writer cuts lines without dropping a character). */
  assignJoin?: string;
  /** `/NAME/` at most 60 characters [C testpf.p]. */
  nameMax?: number;
  /** Longest line of block 4 [U]; default 70 (the `/ASSIGN/` line width). */
  lineMax?: number;
  /** `:20:` at most 16 characters (SWIFT 16x) [U for KZ]. */
  referenceMax?: number;
  /** `/PERIOD/` form [U]; default 'MMYYYY' (8.4). The reader also accepts 'MM.YYYY'. */
  periodFormat?: PeriodFormat;
  /** Merged over DEFAULT_SCHEME_LETTERS: `{ '121': 'M' }` adds, `{ '089': null }` removes. */
  schemeLetters?: Readonly<Record<string, string | null>>;
  /** Written before the `:59:` account [U]: '' as 2.2 and 8.4 (`:59:KZ…`) or '/C/'; the reader accepts both. */
  beneficiaryAccountPrefix?: '' | '/C/';
  /** Payer's director and chief accountant (`/CHIEF/`, `/MAINBK/`): no canonical field; not written when absent. Profile keys `chief`, `mainAccountant`. */
  chief?: string;
  mainAccountant?: string;
  /** KBe accepted for the social receiver (2.3: `/IRS/1`, `/SECO/1` or 5); default ['11', '15']. */
  socialKbe?: readonly string[];
  /** 2.3: an MT102's `:32A:` date must be the day it is sent; default true. */
  valueDateToday?: boolean;
  /** Zone of "today" (the writer's createdAt, the reader's clock); default 'Asia/Almaty'. */
  timeZone?: string;
  /** The reader's business date 'YYYY-MM-DD' (tests, re-reading old files); default today in `timeZone`. */
  today?: () => string;
  /** KNP → kind/scheme (gateway/validate seeds by default). */
  knp?: KnpDictionary;
  /** Statutory recipients (Госкорпорация accounts, Treasury; gateway/validate seeds by default). */
  recipients?: StatutoryRecipients;
  /** `:20:` of a message; default `PL<number>-<YYYYMMDD>` (8.4), or WriteOptions.messageId (+ '-<n>' for several). */
  reference?: (doc: CanonicalDocument, index: number) => string;
}

export interface ResolvedOptions {
  encoding: MtCharset;
  eol: string;
  separator: string;
  routing: Routing;
  block2Suffix: string;
  senderLt: string | undefined;
  sessionSequence: string;
  codes: ServiceCodes;
  assign: { first: number; next: number; maxLines: number };
  assignJoin: string;
  nameMax: number;
  lineMax: number;
  referenceMax: number;
  periodFormat: PeriodFormat;
  schemeLetters: Readonly<Record<string, string>>;
  beneficiaryAccountPrefix: '' | '/C/';
  chief: string | undefined;
  mainAccountant: string | undefined;
  socialKbe: readonly string[];
  valueDateToday: boolean;
  timeZone: string;
  today: () => string;
  knp: KnpDictionary;
  recipients: StatutoryRecipients;
  reference: ((doc: CanonicalDocument, index: number) => string) | undefined;
}

const CODE = /^\d{2}$/;

function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${String(v)}`);
  return v;
}

/** Validates options once (RangeError on a bad value) and fills in the defaults. */
export function resolveOptions(o: Mt102KzOptions = {}): ResolvedOptions {
  const encoding = mtCharset(o.encoding ?? 'windows-1251');
  if (!encoding) throw new RangeError(`encoding ${JSON.stringify(o.encoding)} is not one of windows-1251, rk1048, ibm866, utf-8`);
  const codes: ServiceCodes = { send: '07', vo: '01', pso: '01', prtPayment: '50', prtList: '05', ...o.codes };
  for (const [k, v] of Object.entries(codes)) if (!CODE.test(v)) throw new RangeError(`codes.${k} must be 2 digits, got ${JSON.stringify(v)}`);
  const letters: Record<string, string> = { ...DEFAULT_SCHEME_LETTERS };
  for (const [knp, l] of Object.entries(o.schemeLetters ?? {})) {
    if (!/^\d{3}$/.test(knp)) throw new RangeError(`schemeLetters: ${JSON.stringify(knp)} is not a 3-digit KNP`);
    if (l === null) delete letters[knp];
    else if (!/^[A-Z]$/.test(l)) throw new RangeError(`schemeLetters['${knp}'] must be one capital letter, got ${JSON.stringify(l)}`);
    else letters[knp] = l;
  }
  const timeZone = o.timeZone ?? 'Asia/Almaty';
  if (!isTimeZone(timeZone)) throw new RangeError(`timeZone ${JSON.stringify(timeZone)} is not a known time zone`);
  const routing = o.routing ?? 'SGROSS';
  if (routing !== 'SGROSS' && routing !== 'SCLEAR') throw new RangeError(`routing must be SGROSS or SCLEAR, got ${JSON.stringify(routing)}`);
  const periodFormat = o.periodFormat ?? 'MMYYYY';
  if (!PERIOD_FORMATS.includes(periodFormat)) throw new RangeError(`periodFormat must be one of ${PERIOD_FORMATS.join(', ')}`);
  const sessionSequence = o.sessionSequence ?? '0000000000';
  if (!/^\d{10}$/.test(sessionSequence)) throw new RangeError('sessionSequence must be 10 digits');
  if (o.senderLt !== undefined && !/^[A-Z0-9]{12}$/.test(o.senderLt)) throw new RangeError('senderLt must be 12 capital letters or digits');
  const assign = { first: positive('assign.first', o.assign?.first, 62), next: positive('assign.next', o.assign?.next, 70), maxLines: positive('assign.maxLines', o.assign?.maxLines, 6) };
  return {
    encoding,
    eol: o.eol ?? '\r\n',
    separator: o.separator ?? '',
    routing,
    block2Suffix: o.block2Suffix ?? 'U3003',
    senderLt: o.senderLt,
    sessionSequence,
    codes,
    assign,
    assignJoin: o.assignJoin ?? '',
    nameMax: positive('nameMax', o.nameMax, 60),
    lineMax: positive('lineMax', o.lineMax, 70),
    referenceMax: positive('referenceMax', o.referenceMax, 16),
    periodFormat,
    schemeLetters: letters,
    beneficiaryAccountPrefix: o.beneficiaryAccountPrefix ?? '',
    chief: o.chief,
    mainAccountant: o.mainAccountant,
    socialKbe: o.socialKbe ?? ['11', '15'],
    valueDateToday: o.valueDateToday ?? true,
    timeZone,
    today: o.today ?? (() => todayIn(timeZone)),
    knp: o.knp ?? createKnpDictionary(),
    recipients: o.recipients ?? SEED_RECIPIENTS,
    reference: o.reference,
  };
}

const PROFILE_KEYS = ['routing', 'block2Suffix', 'senderLt', 'sessionSequence', 'chief', 'mainAccountant', 'encoding'] as const;

/** The options with the bank profile's string values laid over them (WriteOptions.profile), validated again. */
export function withProfile(base: Mt102KzOptions, profile: Readonly<Record<string, unknown>> | undefined): Mt102KzOptions {
  if (!profile) return base;
  const over: Record<string, string> = {};
  for (const k of PROFILE_KEYS) {
    const v = profile[k];
    if (typeof v === 'string' && v !== '') over[k] = v;
  }
  return Object.keys(over).length ? { ...base, ...over } : base;
}
