import type { Party } from '../../gateway/core/model/party.ts';
import { joinText, type Localized, type Text } from '../../gateway/core/i18n.ts';
import { detach } from './flat.ts';
// Which 1C documents are payment orders, and the canonical kind of a payment order: from the KNP table (data, overridable), the KBK and the beneficiary.

/** kindIds by name (every document of a file names the same kind or two); bounded, starts over when full. */
const KIND_IDS = new Map<string, string>();
const MAX_KIND_IDS = 256;
const MAX_CACHED_KIND = 64;

/** Normal form of a 1C document kind name: lower case, Ё→Е, no spaces/quotes (`Платежное поручение` = `ПлатежноеПоручение`). */
let lastName = '';
let lastId = '';

export function kindId(name: string): string {
  // Every document of a file asks for the same name (twice): compared first, before hashing it for the Map.
  if (name === lastName) return lastId;
  let id = KIND_IDS.get(name);
  if (id === undefined) {
    id = name.toLowerCase().replace(/ё/g, 'е').replace(/[\s"'«»]/g, '');
    if (name.length <= MAX_CACHED_KIND) {
      if (KIND_IDS.size >= MAX_KIND_IDS) KIND_IDS.clear();
      id = detach(id);
      KIND_IDS.set(detach(name), id);
    }
  }
  if (name.length <= MAX_CACHED_KIND) {
    lastName = detach(name);
    lastId = id;
  }
  return id;
}

/** `СекцияДокумент` / `ВидДокумента` values that mean a payment order. */
export const PAYMENT_ORDER_NAMES: readonly string[] = ['Платежное поручение', 'ПлатежноеПоручение', 'Платёжное поручение'];

/** Section values that only say "statement line" (kz-formats.md 1.2: Kaspi `выписка`, BCC `"Выписка"`); the kind is in `ВидДокумента`. */
export const STATEMENT_SECTION_NAMES: readonly string[] = ['Выписка'];

const PAYMENT_ORDER = new Set(PAYMENT_ORDER_NAMES.map(kindId));
const STATEMENT_SECTION = new Set(STATEMENT_SECTION_NAMES.map(kindId));

export function isPaymentOrder(name: string): boolean {
  return PAYMENT_ORDER.has(kindId(name));
}

export function isStatementSection(name: string): boolean {
  return STATEMENT_SECTION.has(kindId(name));
}

/** What a KNP (or a beneficiary) makes of a payment order. */
export type KindRule =
  | { kind: 'payment' }
  | { kind: 'budget' }
  | { kind: 'salary' }
  | { kind: 'social' }
  | { kind: 'pension'; scheme: 'OPV' | 'OPVR' | 'OPPV' }
  | { kind: 'medical'; scheme: 'OOSMS' | 'VOSMS' };

/** Kinds that carry an employee list (`rows`). */
export type ListKindName = 'pension' | 'social' | 'medical' | 'salary';
export type ListKind = Extract<KindRule, { kind: ListKindName }>;

export function isListKind(rule: KindRule): rule is ListKind {
  return rule.kind === 'pension' || rule.kind === 'social' || rule.kind === 'medical' || rule.kind === 'salary';
}

/**
 * KNP → kind (kz-formats.md 3.5, addendum 3.2/3.3). Keys are 3 characters: digits, or `x` for "any digit"
 * (`9xx`: every tax/budget KNP). An exact code wins over a pattern, a pattern with fewer `x` over one with more.
 * Penalties travel with the same list as their contribution. Voluntary pension contributions (013) and every code
 * not listed stay plain payments. Salary: 332 (post-2016 classifier, [U-strong]); 311 is the pre-2016 salary code
 * and is NOT salary by default — add `{ '311': { kind: 'salary' } }` through the plugin options where a bank still uses it.
 */
export const DEFAULT_KNP_KINDS: Readonly<Record<string, KindRule>> = {
  '010': { kind: 'pension', scheme: 'OPV' }, // ОПВ
  '019': { kind: 'pension', scheme: 'OPV' }, // пеня по ОПВ
  '089': { kind: 'pension', scheme: 'OPVR' }, // ОПВР
  '098': { kind: 'pension', scheme: 'OPVR' }, // пеня по ОПВР
  '015': { kind: 'pension', scheme: 'OPPV' }, // ОППВ
  '012': { kind: 'social' }, // СО
  '017': { kind: 'social' }, // пеня по СО
  '121': { kind: 'medical', scheme: 'OOSMS' }, // ООСМС (employer)
  '123': { kind: 'medical', scheme: 'OOSMS' }, // пеня по ООСМС
  '122': { kind: 'medical', scheme: 'VOSMS' }, // ВОСМС (employee)
  '124': { kind: 'medical', scheme: 'VOSMS' }, // пеня по ВОСМС
  '332': { kind: 'salary' }, // заработная плата
  '9xx': { kind: 'budget' }, // налоги и другие платежи в бюджет
};

/** Overrides merged over a table: a rule replaces or adds an entry, `null` removes one. */
export type KnpKindOverrides = Readonly<Record<string, KindRule | null>>;

const KNP_KEY = /^[0-9x]{3}$/;
const RULE_KINDS = new Set(['payment', 'budget', 'salary', 'social', 'pension', 'medical']);
const SCHEMES: Record<string, readonly string[]> = { pension: ['OPV', 'OPVR', 'OPPV'], medical: ['OOSMS', 'VOSMS'] };

/** A KNP → kind lookup built from a table plus overrides. */
export class KnpKinds {
  private readonly exact = new Map<string, KindRule>();
  private readonly patterns: { re: RegExp; wild: number; rule: KindRule }[] = [];
  private readonly matched = new Map<string, KindRule | null>();
  private lastKnp = '';
  private lastRule: KindRule | null = null;
  readonly table: Readonly<Record<string, KindRule>>;

  /** Throws RangeError on a malformed key or rule (a configuration mistake, found at start-up). */
  constructor(base: Readonly<Record<string, KindRule>> = DEFAULT_KNP_KINDS, overrides: KnpKindOverrides = {}) {
    const merged: Record<string, KindRule> = { ...base };
    for (const [k, v] of Object.entries(overrides)) {
      const key = k.trim().toLowerCase();
      if (v === null) delete merged[key];
      else merged[key] = v;
    }
    for (const [key, rule] of Object.entries(merged)) {
      if (!KNP_KEY.test(key)) throw new RangeError(`KNP kind table: key '${key}' must be 3 digits, 'x' standing for any digit`);
      checkRule(key, rule);
      if (key.includes('x')) this.patterns.push({ re: new RegExp(`^${key.replace(/x/g, '\\d')}$`), wild: key.split('x').length - 1, rule });
      else this.exact.set(key, rule);
    }
    this.patterns.sort((a, b) => a.wild - b.wild);
    this.table = Object.freeze(merged);
  }

  /** The rule for a KNP, or null when neither a code nor a pattern matches. */
  lookup(knp: string | undefined): KindRule | null {
    const k = knp?.trim();
    if (!k) return null;
    if (k === this.lastKnp) return this.lastRule; // documents of a file mostly share their KNP
    const rule = this.find(k);
    if (k.length <= 8) {
      this.lastKnp = k;
      this.lastRule = rule;
    }
    return rule;
  }

  private find(k: string): KindRule | null {
    const hit = this.exact.get(k);
    if (hit) return hit;
    if (this.patterns.length === 0) return null;
    // What the patterns make of a code, remembered (KNPs are 3 characters: at most a few thousand).
    let m = this.matched.get(k);
    if (m === undefined) {
      m = null;
      for (const p of this.patterns)
        if (p.re.test(k)) {
          m = p.rule;
          break;
        }
      if (k.length <= 8) {
        if (this.matched.size >= 4096) this.matched.clear();
        this.matched.set(k, m);
      }
    }
    return m;
  }
}

function checkRule(key: string, rule: KindRule): void {
  const r = rule as { kind?: unknown; scheme?: unknown };
  if (typeof r !== 'object' || r === null || typeof r.kind !== 'string' || !RULE_KINDS.has(r.kind)) {
    throw new RangeError(`KNP kind table: '${key}' has no valid kind (one of ${[...RULE_KINDS].join(', ')})`);
  }
  const schemes = SCHEMES[r.kind];
  if (schemes && !schemes.includes(r.scheme as string)) throw new RangeError(`KNP kind table: '${key}' (${r.kind}) needs a scheme: ${schemes.join(' | ')}`);
}

/** A statutory beneficiary (kz-formats.md 3.6, 3.7): its account or bank tells what the payment is. */
export interface BeneficiaryRule {
  /** Matched first, exactly (spaces ignored, upper case). */
  iban?: string;
  /** Matched when no rule's IBAN matches. */
  bic?: string;
  kind: 'budget' | ListKindName;
  /** For messages (English). */
  label: string;
  /** `label` in Russian and Kazakh (default: the account or the bank, from `iban` / `bic`). */
  labelText?: Localized;
}

export const STATUTORY_BENEFICIARIES: readonly BeneficiaryRule[] = [
  {
    iban: 'KZ12009NPS0413609816',
    kind: 'pension',
    label: 'the pension contributions account of the State Corporation (KZ12009NPS0413609816)',
    labelText: { ru: 'счёт Госкорпорации для пенсионных взносов (KZ12009NPS0413609816)', kk: 'Мемлекеттік корпорацияның зейнетақы жарналарына арналған шоты (KZ12009NPS0413609816)' },
  },
  {
    iban: 'KZ67009SS00368609110',
    kind: 'social',
    label: 'the social contributions account of the State Corporation (KZ67009SS00368609110)',
    labelText: { ru: 'счёт Госкорпорации для социальных отчислений (KZ67009SS00368609110)', kk: 'Мемлекеттік корпорацияның әлеуметтік аударымдарға арналған шоты (KZ67009SS00368609110)' },
  },
  {
    iban: 'KZ92009MEDS368609103',
    kind: 'medical',
    label: 'the medical insurance account of the State Corporation (KZ92009MEDS368609103)',
    labelText: { ru: 'счёт Госкорпорации для взносов и отчислений на ОСМС (KZ92009MEDS368609103)', kk: 'Мемлекеттік корпорацияның МӘМС-ке арналған шоты (KZ92009MEDS368609103)' },
  },
  { bic: 'KKMFKZ2A', kind: 'budget', label: 'the Treasury (bank KKMFKZ2A)', labelText: { ru: 'Казначейство (банк KKMFKZ2A)', kk: 'Қазынашылық (KKMFKZ2A банкі)' } },
];

/** Without white space, upper case (the string itself when it is already so: the common case, no copy). */
function norm(s: string | undefined): string {
  if (s === undefined) return '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a))) return s.replace(/\s+/g, '').toUpperCase();
  }
  return s;
}

/** Rules with their IBAN and BIC normalised, per rules list (lists are constants or options). */
const NORMALISED = new WeakMap<readonly BeneficiaryRule[], { rule: BeneficiaryRule; iban: string; bic: string }[]>();

let lastRules: readonly BeneficiaryRule[] | null = null;
let lastNormalised: { rule: BeneficiaryRule; iban: string; bic: string }[] = [];

function normalisedRules(rules: readonly BeneficiaryRule[]) {
  if (rules === lastRules) return lastNormalised; // the same list for every document of a file
  let n = NORMALISED.get(rules);
  if (n === undefined) NORMALISED.set(rules, (n = rules.map((rule) => ({ rule, iban: rule.iban ? norm(rule.iban) : '', bic: rule.bic ? norm(rule.bic) : '' }))));
  lastRules = rules;
  lastNormalised = n;
  return n;
}

export function beneficiaryRule(p: Pick<Party, 'iban' | 'bic'>, rules: readonly BeneficiaryRule[] = STATUTORY_BENEFICIARIES): BeneficiaryRule | null {
  const iban = norm(p.iban);
  const bic = norm(p.bic);
  const n = normalisedRules(rules);
  if (iban) for (const r of n) if (r.rule.iban && r.iban === iban) return r.rule;
  // 8- and 11-character forms of the same BIC are the same bank.
  if (bic) {
    const bic8 = bic.length > 8 ? bic.slice(0, 8) : bic;
    for (const r of n) if (r.rule.bic && !r.rule.iban && (r.bic === bic || r.bic === bic8)) return r.rule;
  }
  return null;
}

export interface KindInput {
  knp?: string;
  /** Present (non-empty) KBK value. */
  kbk?: string;
  beneficiary: Pick<Party, 'iban' | 'bic'>;
}

export interface KindDecision {
  rule: KindRule;
  /** What decided: the KNP table, the KBK key, the beneficiary, or nothing (plain payment). */
  by: 'knp' | 'kbk' | 'beneficiary' | 'default';
  /** Set when the KNP, the KBK and the beneficiary disagree: a warning for the user (English). */
  conflict?: string;
  /** `conflict` in Russian and Kazakh. */
  conflictText?: Localized;
}

/** 'KNP 010 is a pension payment': the article and adjective in English, the kind's name in Russian and Kazakh. */
const KIND_WORD: Record<KindRule['kind'], Text> = {
  payment: { en: 'an ordinary', ru: 'обычный платёж', kk: 'кәдімгі төлем' },
  budget: { en: 'a budget (tax)', ru: 'платёж в бюджет (налоги)', kk: 'бюджетке төлем (салықтар)' },
  salary: { en: 'a salary', ru: 'заработная плата', kk: 'жалақы' },
  social: { en: 'a social contributions', ru: 'социальные отчисления', kk: 'әлеуметтік аударымдар' },
  pension: { en: 'a pension', ru: 'пенсионные взносы', kk: 'зейнетақы жарналары' },
  medical: { en: 'a medical insurance', ru: 'взносы и отчисления на ОСМС', kk: 'МӘМС-ке жарналар мен аударымдар' },
};

/** A beneficiary rule's label in each language. */
function labelOf(b: BeneficiaryRule): Text {
  if (b.labelText) return { en: b.label, ru: b.labelText.ru, kk: b.labelText.kk };
  return b.iban ? { en: b.label, ru: `счёт ${b.iban}`, kk: `${b.iban} шоты` } : { en: b.label, ru: `банк ${b.bic ?? ''}`, kk: `${b.bic ?? ''} банкі` };
}

/** A decision with its conflict in each language. */
function conflicted(d: Omit<KindDecision, 'conflict' | 'conflictText'>, parts: readonly Text[]): KindDecision {
  const c = joinText(parts);
  return { ...d, conflict: c.en, conflictText: { ru: c.ru, kk: c.kk } };
}

/**
 * The kind of a payment order. A KNP of the table decides pension/social/medical/salary (the beneficiary only
 * confirms); a budget payment is recognised by a budget KNP (9xx), a KBK, or the Treasury as beneficiary bank.
 * Disagreements are returned as `conflict` (the KNP keeps priority: it is the legal classifier).
 */
export function resolveKind(input: KindInput, knpKinds: KnpKinds, beneficiaries: readonly BeneficiaryRule[] = STATUTORY_BENEFICIARIES): KindDecision {
  const knp = input.knp?.trim();
  const byKnp = knpKinds.lookup(knp);
  const ben = beneficiaryRule(input.beneficiary, beneficiaries);
  if (byKnp && byKnp.kind !== 'payment') {
    const parts: Text[] = [];
    if (ben && ben.kind !== byKnp.kind) {
      const [k, l] = [KIND_WORD[byKnp.kind], labelOf(ben)];
      parts.push({
        en: `KNP ${knp} is ${k.en} payment but the beneficiary is ${l.en}`,
        ru: `КНП ${knp} — вид платежа «${k.ru}», а получатель — ${l.ru}`,
        kk: `ТМК ${knp} — «${k.kk}» төлем түрі, ал алушы — ${l.kk}`,
      });
    }
    if (input.kbk && byKnp.kind !== 'budget') {
      const [k, kbk] = [KIND_WORD[byKnp.kind], input.kbk];
      parts.push({
        en: `a KBK (${kbk}) is given but KNP ${knp} is ${k.en} payment; the KBK is ignored`,
        ru: `указан КБК (${kbk}), но КНП ${knp} — вид платежа «${k.ru}»; КБК не учитывается`,
        kk: `БСЖ (${kbk}) көрсетілген, бірақ ТМК ${knp} — «${k.kk}» төлем түрі; БСЖ ескерілмейді`,
      });
    }
    return parts.length ? conflicted({ rule: byKnp, by: 'knp' }, parts) : { rule: byKnp, by: 'knp' };
  }
  if (input.kbk) {
    const kbk = input.kbk;
    if (ben && ben.kind !== 'budget') {
      const l = labelOf(ben);
      return conflicted({ rule: { kind: 'budget' }, by: 'kbk' }, [
        {
          en: `a KBK (${kbk}) makes this a budget payment but the beneficiary is ${l.en}`,
          ru: `по КБК (${kbk}) это платёж в бюджет, но получатель — ${l.ru}`,
          kk: `БСЖ (${kbk}) бойынша бұл бюджетке төлем, бірақ алушы — ${l.kk}`,
        },
      ]);
    }
    if (knp && byKnp?.kind === 'payment') {
      return conflicted({ rule: { kind: 'budget' }, by: 'kbk' }, [
        {
          en: `a KBK (${kbk}) makes this a budget payment but KNP ${knp} is not a budget KNP`,
          ru: `по КБК (${kbk}) это платёж в бюджет, но КНП ${knp} — не код платежа в бюджет`,
          kk: `БСЖ (${kbk}) бойынша бұл бюджетке төлем, бірақ ТМК ${knp} бюджетке төлем коды емес`,
        },
      ]);
    }
    return { rule: { kind: 'budget' }, by: 'kbk' };
  }
  if (ben?.kind === 'budget') {
    if (!knp) return { rule: { kind: 'budget' }, by: 'beneficiary' };
    const l = labelOf(ben);
    return conflicted({ rule: { kind: 'budget' }, by: 'beneficiary' }, [
      {
        en: `the beneficiary is ${l.en} but KNP ${knp} is not a budget KNP`,
        ru: `получатель — ${l.ru}, но КНП ${knp} — не код платежа в бюджет`,
        kk: `алушы — ${l.kk}, бірақ ТМК ${knp} бюджетке төлем коды емес`,
      },
    ]);
  }
  const rule: KindRule = byKnp ?? { kind: 'payment' };
  if (ben) {
    const l = labelOf(ben);
    const theirs = KIND_WORD[ben.kind];
    const read = KIND_WORD[rule.kind];
    return conflicted({ rule, by: byKnp ? 'knp' : 'default' }, [
      {
        en: `the beneficiary is ${l.en} but KNP ${knp ?? '(none)'} is not a ${ben.kind} KNP; read as ${read.en} payment`,
        ru: `получатель — ${l.ru}, но КНП ${knp ?? '(не указан)'} не относится к виду платежа «${theirs.ru}»; документ прочитан как «${read.ru}»`,
        kk: `алушы — ${l.kk}, бірақ ТМК ${knp ?? '(көрсетілмеген)'} «${theirs.kk}» төлем түріне жатпайды; құжат «${read.kk}» ретінде оқылды`,
      },
    ]);
  }
  return { rule, by: byKnp ? 'knp' : 'default' };
}
