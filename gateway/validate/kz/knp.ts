// КНП dictionary (NBK Res. 203 classifier), seeded from kz-formats.md 3.5 and addendum 9.3; names descriptive, statuses as in the doc.
import { t } from '../../core/i18n.ts';
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
  /** A remark for messages (English), and the same in Russian and Kazakh (default: `note`). */
  note?: string;
  note_ru?: string;
  note_kk?: string;
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
  '911': { ru: 'Налоги и платежи в бюджет (напр. ИПН, КБК 101201)', kk: 'Бюджетке салықтар мен төлемдер (мысалы, ЖТС, БСЖ 101201)', kind: 'budget', budget: true, confirmed: true },
  '912': { ru: 'Пеня по налогам и платежам в бюджет', kk: 'Бюджетке салықтар мен төлемдер бойынша өсімпұл', kind: 'budget', budget: true, confirmed: true },
  '710': { ru: 'Оплата за товары', kk: 'Тауарлар үшін төлем', kind: 'goods', confirmed: true },
  '119': { ru: 'Прочие безвозмездные переводы денег', kk: 'Ақшаның өзге де өтеусіз аударымдары', kind: 'transfer', confirmed: true },
  '191': { ru: 'Перевод с карточного счёта на другой счёт', kk: 'Карточкалық шоттан басқа шотқа аудару', kind: 'transfer', confirmed: false },
  '213': { ru: 'Покупка иностранной валюты за тенге', kk: 'Шетел валютасын теңгеге сатып алу', kind: 'fx', confirmed: true },
  '223': { ru: 'Продажа иностранной валюты за тенге', kk: 'Шетел валютасын теңгеге сату', kind: 'fx', confirmed: true },
  '230': { ru: 'Конвертация одной иностранной валюты в другую', kk: 'Бір шетел валютасын басқа шетел валютасына айырбастау', kind: 'fx', confirmed: true },
  '211': {
    ru: 'Покупка иностранной валюты (наличные)',
    kk: 'Шетел валютасын сатып алу (қолма-қол)',
    kind: 'fx',
    confirmed: false,
    note: 'seen for cash exchange-office deals',
    note_ru: 'встречается при обмене наличных в обменных пунктах',
    note_kk: 'айырбастау пункттеріндегі қолма-қол айырбастауда кездеседі',
  },
  '221': {
    ru: 'Продажа иностранной валюты (наличные)',
    kk: 'Шетел валютасын сату (қолма-қол)',
    kind: 'fx',
    confirmed: false,
    note: 'seen for cash exchange-office deals',
    note_ru: 'встречается при обмене наличных в обменных пунктах',
    note_kk: 'айырбастау пункттеріндегі қолма-қол айырбастауда кездеседі',
  },
  '332': {
    ru: 'Заработная плата',
    kk: 'Жалақы',
    kind: 'salary',
    confirmed: false,
    note: 'current salary code per data-driven sources; to verify against Res. 203',
    note_ru: 'действующий код заработной платы по открытым источникам; требует сверки с Постановлением № 203',
    note_kk: 'ашық дереккөздер бойынша жалақының қолданыстағы коды; № 203 қаулымен салыстырып тексеру керек',
  },
  '311': {
    ru: 'Зачисление на собственный счёт (до 2016 г. — зарплата)',
    kk: 'Өз шотына есепке алу (2016 жылға дейін — жалақы)',
    kind: 'own-account',
    confirmed: false,
    note: '311 was the salary code before 2016; not a salary code today',
    note_ru: 'до 2016 года 311 был кодом заработной платы; сейчас это не код заработной платы',
    note_kk: '311 — 2016 жылға дейін жалақы коды болған; қазір ол жалақы коды емес',
  },
  '314': { ru: 'Перевод с карточного счёта на собственный текущий/сберегательный счёт', kk: 'Карточкалық шоттан өзінің ағымдағы/жинақ шотына аудару', kind: 'own-account', confirmed: true },
  '324': { ru: 'Перевод с текущего/сберегательного счёта на собственный карточный счёт', kk: 'Ағымдағы/жинақ шоттан өзінің карточкалық шотына аудару', kind: 'own-account', confirmed: true },
  '331': { ru: 'Взнос наличных денег', kk: 'Қолма-қол ақша салу', kind: 'cash', confirmed: false },
  '341': { ru: 'Снятие наличных денег (банкомат)', kk: 'Қолма-қол ақша алу (банкомат)', kind: 'cash', confirmed: true },
  '342': { ru: 'Перевод с собственного текущего счёта на собственный счёт в том же банке', kk: 'Өзінің ағымдағы шотынан сол банктегі өз шотына аудару', kind: 'own-account', confirmed: true },
  '343': { ru: 'Перевод с собственного текущего счёта на собственный счёт в другом банке', kk: 'Өзінің ағымдағы шотынан басқа банктегі өз шотына аудару', kind: 'own-account', confirmed: true },
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

function unknownKnp(value: string, budget: boolean): Finding {
  return finding(
    'VAL_KNP_UNKNOWN',
    t({
      en: `KNP ${value} is not in the KNP dictionary${budget ? ' (treated as a budget code by its prefix)' : ''}`,
      ru: `КНП ${value} нет в справочнике КНП${budget ? ' (по начальным цифрам считается кодом платежа в бюджет)' : ''}`,
      kk: `ТМК ${value} ТМК анықтамалығында жоқ${budget ? ' (бастапқы цифрлары бойынша бюджетке төлем коды деп есептеледі)' : ''}`,
    }),
    {
      expected: t({
        en: 'a KNP from the NBK classifier; add it under [validation.knp.codes] if it is correct',
        ru: 'КНП из классификатора Национального Банка; если код верный, добавьте его в раздел [validation.knp.codes]',
        kk: 'Ұлттық Банк жіктеуішіндегі ТМК; код дұрыс болса, оны [validation.knp.codes] бөліміне қосыңыз',
      }),
    },
  );
}

/** 3 digits; an unknown code passes with a warning (the seeded dictionary is partial). */
export function checkKnp(value: string, dict: KnpDictionary): KnpResult {
  if (!/^\d{3}$/.test(value)) {
    const q = shown(value);
    return fail(
      'VAL_KNP_FORMAT',
      t({ en: `KNP ${q} is not 3 digits`, ru: `КНП ${q} — не 3 цифры`, kk: `ТМК ${q} 3 цифрдан тұрмайды` }),
      t({ en: '3 digits, e.g. 710', ru: '3 цифры, например 710', kk: '3 цифр, мысалы 710' }),
    );
  }
  const entry = dict.get(value);
  const budget = dict.isBudget(value);
  const warnings: Finding[] = entry ? [] : [unknownKnp(value, budget)];
  return entry ? { ok: true, warnings, knp: value, entry, budget } : { ok: true, warnings, knp: value, budget };
}
