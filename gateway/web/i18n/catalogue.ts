// Message catalogues: one file per dashboard area with en as the reference and ru/kk typed to have every key.
import type { Lang } from './langs.ts';

/** A message with plural forms chosen by Intl.PluralRules (kk: one/other; ru: one/few/many/other). */
export interface PluralMessage {
  one: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;

/** An area's catalogue: English defines the keys; Russian and Kazakh must give every one (checked by tsc and a test). */
export type AreaMessages<E extends Record<string, Message>> = { en: E; ru: { [K in keyof E]: Message }; kk: { [K in keyof E]: Message } };

export type Catalogue = Record<Lang, Record<string, Message>>;

/** Joins the areas into one catalogue per language; a key defined by two areas is a programming error. */
export function mergeAreas(areas: readonly AreaMessages<Record<string, Message>>[]): Catalogue {
  const out: Catalogue = { en: {}, ru: {}, kk: {} };
  for (const a of areas) {
    for (const lang of ['en', 'ru', 'kk'] as const) {
      for (const [k, v] of Object.entries(a[lang])) {
        if (k in out[lang]) throw new Error(`message key '${k}' is defined twice (${lang})`);
        out[lang][k] = v;
      }
    }
  }
  return out;
}
