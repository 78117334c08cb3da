// КНП dictionary (NBK Res. 203 classifier), seeded from kz-formats.md 3.5 and addendum 9.3; names descriptive, statuses as in the doc.
import { fail, finding, shown, type CheckResult, type Finding } from '../findings.ts';

export const KNP_KINDS = ['pension', 'social', 'medical', 'budget', 'salary', 'fx', 'goods', 'transfer', 'own-account', 'cash', 'other'] as const;
export type KnpKind = (typeof KNP_KINDS)[number];

export interface KnpEntry {
  ru: string;
  kk?: string;
  /** What kind of payment the code is for; compared with the document kind (mismatch → warning). */
  kind?: KnpKind;
  /** Budget payment (needs a KBK). When absent, decided by the budget prefixes (default: starts with 9). */
  budget?: boolean;
  /** Pension / medical scheme the code belongs to, compared with the document's scheme. */
  scheme?: string;
  /** false: [U] in kz-formats.md (meaning or current use unconfirmed). */
  confirmed: boolean;
  note?: string;
}

export const SEED_KNP: Readonly<Record<string, KnpEntry>> = {
  '010': { ru: 'Обязательные пенсионные взносы (ОПВ)', kk: 'Міндетті зейнетақы жарналары', kind: 'pension', scheme: 'OPV', confirmed: true },
  '019': { ru: 'Пеня по ОПВ', kk: 'Міндетті зейнетақы жарналары бойынша өсімпұл', kind: 'pension', scheme: 'OPV', confirmed: true },
  '013': { ru: 'Добровольные пенсионные взносы', kk: 'Ерікті зейнетақы жарналары', kind: 'pension', confirmed: true },
  '015': { ru: 'Обязательные профессиональные пенсионные взносы (ОППВ)', kk: 'Міндетті кәсіптік зейнетақы жарналары', kind: 'pension', scheme: 'OPPV', confirmed: true },
  '089': { ru: 'Обязательные пенсионные взносы работодателя (ОПВР)', kk: 'Жұмыс берушінің міндетті зейнетақы жарналары', kind: 'pension', scheme: 'OPVR', confirmed: true },
  '098': { ru: 'Пеня по ОПВР', kk: 'Жұмыс берушінің міндетті зейнетақы жарналары бойынша өсімпұл', kind: 'pension', scheme: 'OPVR', confirmed: true },
  '012': { ru: 'Обязательные социальные отчисления (СО)', kk: 'Міндетті әлеуметтік аударымдар', kind: 'social', confirmed: true },
  '017': { ru: 'Пеня по социальным отчислениям', kk: 'Әлеуметтік аударымдар бойынша өсімпұл', kind: 'social', confirmed: true },
  '121': { ru: 'Отчисления на ОСМС (ООСМС)', kk: 'МӘМС-ке аударымдар', kind: 'medical', scheme: 'OOSMS', confirmed: true },
  '122': { ru: 'Взносы на ОСМС (ВОСМС)', kk: 'МӘМС-ке жарналар', kind: 'medical', scheme: 'VOSMS', confirmed: true },
  '123': { ru: 'Пеня по отчислениям на ОСМС', kk: 'МӘМС-ке аударымдар бойынша өсімпұл', kind: 'medical', scheme: 'OOSMS', confirmed: true },
  '124': { ru: 'Пеня по взносам на ОСМС', kk: 'МӘМС-ке жарналар бойынша өсімпұл', kind: 'medical', scheme: 'VOSMS', confirmed: true },
  '911': { ru: 'Налоги и платежи в бюджет (напр. ИПН, КБК 101201)', kind: 'budget', budget: true, confirmed: true },
  '912': { ru: 'Пеня по налогам и платежам в бюджет', kind: 'budget', budget: true, confirmed: true },
  '710': { ru: 'Оплата за товары', kind: 'goods', confirmed: true },
  '119': { ru: 'Прочие безвозмездные переводы денег', kind: 'transfer', confirmed: true },
  '191': { ru: 'Перевод с карточного счёта на другой счёт', kind: 'transfer', confirmed: false },
  '213': { ru: 'Покупка иностранной валюты за тенге', kind: 'fx', confirmed: true },
  '223': { ru: 'Продажа иностранной валюты за тенге', kind: 'fx', confirmed: true },
  '230': { ru: 'Конвертация одной иностранной валюты в другую', kind: 'fx', confirmed: true },
  '211': { ru: 'Покупка иностранной валюты (наличные)', kind: 'fx', confirmed: false, note: 'seen for cash exchange-office deals' },
  '221': { ru: 'Продажа иностранной валюты (наличные)', kind: 'fx', confirmed: false, note: 'seen for cash exchange-office deals' },
  '332': { ru: 'Заработная плата', kind: 'salary', confirmed: false, note: 'current salary code per data-driven sources; to verify against Res. 203' },
  '311': { ru: 'Зачисление на собственный счёт (до 2016 г. — зарплата)', kind: 'own-account', confirmed: false, note: '311 was the salary code before 2016; not a salary code today' },
  '314': { ru: 'Перевод с карточного счёта на собственный текущий/сберегательный счёт', kind: 'own-account', confirmed: true },
  '324': { ru: 'Перевод с текущего/сберегательного счёта на собственный карточный счёт', kind: 'own-account', confirmed: true },
  '331': { ru: 'Взнос наличных денег', kind: 'cash', confirmed: false },
  '341': { ru: 'Снятие наличных денег (банкомат)', kind: 'cash', confirmed: true },
  '342': { ru: 'Перевод с собственного текущего счёта на собственный счёт в том же банке', kind: 'own-account', confirmed: true },
  '343': { ru: 'Перевод с собственного текущего счёта на собственный счёт в другом банке', kind: 'own-account', confirmed: true },
};

export interface KnpDictionary {
  get(code: string): KnpEntry | undefined;
  /** Budget payment code: the entry's `budget` flag, else the configured prefixes. */
  isBudget(code: string): boolean;
  entries(): Readonly<Record<string, KnpEntry>>;
}

export function createKnpDictionary(
  extra: Readonly<Record<string, KnpEntry>> = {},
  opts: { seed?: boolean; remove?: readonly string[]; budgetPrefixes?: readonly string[] } = {},
): KnpDictionary {
  const table: Record<string, KnpEntry> = { ...((opts.seed ?? true) ? SEED_KNP : {}) };
  for (const code of opts.remove ?? []) delete table[code];
  Object.assign(table, extra);
  const prefixes = opts.budgetPrefixes ?? ['9'];
  const get = (code: string) => (Object.hasOwn(table, code) ? table[code] : undefined);
  return {
    get,
    isBudget: (code) => get(code)?.budget ?? prefixes.some((p) => code.startsWith(p)),
    entries: () => table,
  };
}

export type KnpResult = CheckResult<{ knp: string; entry?: KnpEntry; budget: boolean }>;

/** 3 digits; an unknown code passes with a warning (the seeded dictionary is partial). */
export function checkKnp(value: string, dict: KnpDictionary): KnpResult {
  if (!/^\d{3}$/.test(value)) return fail('VAL_KNP_FORMAT', `KNP ${shown(value)} is not 3 digits`, '3 digits, e.g. 710');
  const entry = dict.get(value);
  const budget = dict.isBudget(value);
  const warnings: Finding[] = entry ? [] : [finding('VAL_KNP_UNKNOWN', `KNP ${value} is not in the KNP dictionary${budget ? ' (treated as a budget code by its prefix)' : ''}`, { expected: 'a KNP from the NBK classifier; add it under [validation.knp.codes] if it is correct' })];
  return entry ? { ok: true, warnings, knp: value, entry, budget } : { ok: true, warnings, knp: value, budget };
}
