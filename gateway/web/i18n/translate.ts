// t(key, params) for one language: {name} placeholders, plural forms by Intl.PluralRules, English as the fallback.
import type { Catalogue, Message } from './catalogue.ts';
import { LOCALE, type Lang } from './langs.ts';
import { CATALOGUE } from './messages/index.ts';

export type Params = Record<string, string | number | bigint>;
export type Translate = (key: string, params?: Params) => string;

const plurals: Record<Lang, Intl.PluralRules> = {
  kk: new Intl.PluralRules(LOCALE.kk),
  ru: new Intl.PluralRules(LOCALE.ru),
  en: new Intl.PluralRules(LOCALE.en),
};

/** Under tests a missing key fails the render, so the catalogue test and page tests catch it. */
const strict = Boolean(process.env['VITEST']);

export function translator(lang: Lang, catalogue: Catalogue = CATALOGUE): Translate {
  const own = catalogue[lang];
  return (key, params) => {
    const m: Message | undefined = own[key] ?? (strict ? undefined : catalogue.en[key]);
    if (m === undefined) {
      if (strict) throw new Error(`message '${key}' is missing in ${lang}`);
      return key;
    }
    let text: string;
    if (typeof m === 'string') text = m;
    else {
      const n = Number(params?.['count'] ?? 0);
      const form = plurals[lang].select(n) as keyof typeof m;
      text = m[form] ?? m.other;
    }
    return params ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all)) : text;
  };
}

const cache = new Map<Lang, Translate>();
export function tFor(lang: Lang): Translate {
  let t = cache.get(lang);
  if (!t) cache.set(lang, (t = translator(lang)));
  return t;
}
