// The dashboard's languages and how a request's language is chosen (?lang=, then the user's choice, cookie, browser).
export const LANGS = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Intl locales: Kazakh and Russian as used in Kazakhstan; British English for day-month order. */
export const LOCALE: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** The first supported language in an Accept-Language header (q-values honoured), else Russian. */
export function fromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'ru';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { lang: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLang) ?? 'ru';
}

/** Order of precedence: an explicit ?lang=, the signed-in user's saved choice, the lang cookie, the browser. */
export function chooseLang(o: { query?: string | undefined; user?: string | null | undefined; cookie?: string | undefined; acceptLanguage?: string | undefined }): Lang {
  for (const v of [o.query, o.user, o.cookie]) if (isLang(v)) return v;
  return fromAcceptLanguage(o.acceptLanguage);
}
