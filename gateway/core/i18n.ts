// Problem details in the three report languages: English for logs and `message`, Russian and Kazakh for the accountants.
// Call sites write all three at once (`t({ en, ru, kk })`); only when something is wrong, never on the valid path.
import type { DocumentKind } from './model/document.ts';

/** A detail in the languages of the reports besides English (what an Issue stores next to its English `message`). */
export interface Localized {
  ru: string;
  kk: string;
}

/** A detail as a call site writes it: English plus Russian and Kazakh (Cyrillic, with ә і ң ғ ү ұ қ ө һ). */
export interface Text extends Localized {
  en: string;
}

/** Marks a detail written in all three languages (the type makes a missing language a compile error). */
export function t(text: Text): Text {
  return text;
}

/**
 * A string of its own. Values read from a file can be views into a large decoded text (V8 cuts substrings of 13+
 * characters as views, and a template literal keeps its parts): a detail built from one would keep that text alive as
 * long as the issue lives. Joining to a one-character string and cutting it off again makes V8 copy the characters.
 */
export function own(s: string): string {
  return typeof s === 'string' && s.length >= 13 ? (' ' + s).slice(1) : s;
}

/** `text` with each language copied out (see `own`). */
export function ownText(text: Text): Text {
  return { en: own(text.en), ru: own(text.ru), kk: own(text.kk) };
}

/** The Russian noun form for a count: 1 рубль, 2 рубля, 5 рублей (`one`, `few`, `many`); Kazakh needs none. */
export function ruPlural(n: number | bigint, one: string, few: string, many: string): string {
  const a = typeof n === 'bigint' ? Number((n < 0n ? -n : n) % 100n) : Math.abs(Math.trunc(n)) % 100;
  const d = a % 10;
  if (a >= 11 && a <= 14) return many;
  if (d === 1) return one;
  if (d >= 2 && d <= 4) return few;
  return many;
}

/** An ISO date 'YYYY-MM-DD' (or month 'YYYY-MM') as accountants write it, 'DD.MM.YYYY' ('MM.YYYY'); anything else unchanged. */
export function dmy(iso: string): string {
  if (typeof iso !== 'string') return iso;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  if (/^\d{4}-\d{2}$/.test(iso)) return `${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  return iso;
}

/** Items joined with ', ' and a last ' or ' in each language ('A, B or C'). */
export function orList(items: readonly string[]): Text {
  const join = (or: string) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${or} ${items[items.length - 1]}`);
  return { en: join('or'), ru: join('или'), kk: join('немесе') };
}

/** Joins details of each language with `sep`. */
export function joinText(parts: readonly Text[], sep = '; '): Text {
  return { en: parts.map((p) => p.en).join(sep), ru: parts.map((p) => p.ru).join(sep), kk: parts.map((p) => p.kk).join(sep) };
}

/** Canonical document kinds as the accountants name them (the kind of payment, not the form). */
export const DOCUMENT_KIND_TEXT: Readonly<Record<DocumentKind, Text>> = {
  payment: { en: 'payment', ru: 'платёж', kk: 'төлем' },
  pension: { en: 'pension', ru: 'пенсионные взносы', kk: 'зейнетақы жарналары' },
  social: { en: 'social', ru: 'социальные отчисления', kk: 'әлеуметтік аударымдар' },
  medical: { en: 'medical', ru: 'взносы и отчисления на ОСМС', kk: 'МӘМС-ке жарналар мен аударымдар' },
  budget: { en: 'budget', ru: 'платёж в бюджет', kk: 'бюджетке төлем' },
  salary: { en: 'salary', ru: 'заработная плата', kk: 'жалақы' },
  'fx-payment': { en: 'fx-payment', ru: 'платёж в иностранной валюте', kk: 'шетел валютасындағы төлем' },
  'fx-order': { en: 'fx-order', ru: 'поручение на покупку/продажу валюты', kk: 'валюта сатып алу/сату тапсырмасы' },
  letter: { en: 'letter', ru: 'письмо в банк', kk: 'банкке хат' },
};

/** Pension and medical schemes (canonical names) as written in Russian and Kazakh; an unknown scheme as it is. */
const SCHEMES: Readonly<Record<string, Localized>> = {
  OPV: { ru: 'ОПВ', kk: 'МЗЖ' },
  OPVR: { ru: 'ОПВР', kk: 'ЖМЗЖ' },
  OPPV: { ru: 'ОППВ', kk: 'МКЗЖ' },
  OOSMS: { ru: 'ООСМС', kk: 'МӘМС-ке аударымдар' },
  VOSMS: { ru: 'ВОСМС', kk: 'МӘМС-ке жарналар' },
};

export function schemeText(scheme: string): Text {
  const s = Object.hasOwn(SCHEMES, scheme) ? SCHEMES[scheme]! : undefined;
  return { en: scheme, ru: s?.ru ?? scheme, kk: s?.kk ?? scheme };
}
