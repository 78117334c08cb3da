// The kk/ru/en message catalogues and help topics are complete and consistent: same keys, same placeholders,
// the plural forms each language needs, and every help topic and field section the pages point at exists in all three.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../gateway/web/i18n/messages/index.ts';
import { LANGS, LOCALE } from '../../gateway/web/i18n/langs.ts';
import type { Message } from '../../gateway/web/i18n/catalogue.ts';
import { DEFAULT_HELP_DIR } from '../../gateway/web/help/routes.tsx';
import { renderHelp } from '../../gateway/web/help/markdown.ts';

const placeholders = (m: Message) => [...new Set([...(typeof m === 'string' ? m : Object.values(m).join(' ')).matchAll(/\{(\w+)\}/g)].map((x) => x[1]))].sort();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
}
const WEB = path.resolve('gateway/web');

describe('message catalogues', () => {
  it('kk, ru and en have the same keys, no empty text and the same placeholders', () => {
    const keys = Object.keys(CATALOGUE.en).sort();
    expect(keys.length).toBeGreaterThan(50);
    for (const lang of LANGS) {
      expect(Object.keys(CATALOGUE[lang]).sort(), lang).toEqual(keys);
      for (const k of keys) {
        const m = CATALOGUE[lang][k]!;
        const texts = typeof m === 'string' ? [m] : Object.values(m);
        for (const x of texts) expect(x.trim(), `${lang} ${k}`).not.toBe('');
        expect(placeholders(m), `${lang} ${k}`).toEqual(placeholders(CATALOGUE.en[k]!));
      }
    }
  });

  it('plural messages give every form the language uses (ru: one/few/many/other; kk, en: one/other)', () => {
    for (const lang of LANGS) {
      const forms = new Intl.PluralRules(LOCALE[lang]).resolvedOptions().pluralCategories.filter((f) => f !== 'zero' && f !== 'two');
      for (const [k, m] of Object.entries(CATALOGUE[lang])) {
        if (typeof m === 'string') continue;
        for (const f of forms) expect(m[f as keyof typeof m], `${lang} ${k} needs '${f}'`).toBeTruthy();
      }
    }
  });

  it('every key a page asks for with a literal t("…") exists', () => {
    const missing: string[] = [];
    for (const f of sources(WEB)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)) if (!(m[1]! in CATALOGUE.en)) missing.push(`${path.relative(WEB, f)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('help topics', () => {
  const topicsOf = (lang: string) => readdirSync(path.join(DEFAULT_HELP_DIR, lang)).filter((f) => f.endsWith('.md')).sort();

  it('exist in kk, ru and en with the same sections', () => {
    const en = topicsOf('en');
    for (const lang of ['kk', 'ru']) expect(topicsOf(lang), lang).toEqual(en);
    for (const f of en) {
      const sections = (lang: string) => renderHelp(readFileSync(path.join(DEFAULT_HELP_DIR, lang, f), 'utf8')).sections;
      for (const lang of ['kk', 'ru']) expect(sections(lang), `${lang}/${f}`).toEqual(sections('en'));
      for (const lang of LANGS) expect(renderHelp(readFileSync(path.join(DEFAULT_HELP_DIR, lang, f), 'utf8')).title, `${lang}/${f} title`).not.toBe('');
    }
  });

  it('every page topic and field section the pages point at has its help text', () => {
    const missing: string[] = [];
    for (const f of sources(WEB)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bhelp="([a-z0-9-]+)"/g)) {
        for (const lang of LANGS) if (!topicsOf(lang).includes(`${m[1]}.md`)) missing.push(`${lang}/${m[1]}.md (page in ${path.relative(WEB, f)})`);
      }
      for (const m of text.matchAll(/data-help="([a-z0-9-]+)\.([a-z0-9_-]+)"/g)) {
        const file = path.join(DEFAULT_HELP_DIR, 'en', `${m[1]}.md`);
        let sections: string[] = [];
        try {
          sections = renderHelp(readFileSync(file, 'utf8')).sections;
        } catch {
          /* reported below */
        }
        if (!sections.includes(m[2]!)) missing.push(`en/${m[1]}.md section {#${m[2]}} (field in ${path.relative(WEB, f)})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
