// Sub-fields of a tag (`/NAME/…`, `/IDN/…`, kz-formats.md 2.2/2.3): their values and lines; `//FM/` (pre-2011) read as `/FM/`.
import { issue, t, type Issue } from '../../gateway/core/issue.ts';
import type { MtField, MtTextLine } from './syntax.ts';
import { shown } from './texts.ts';

export interface Sub {
  value: string;
  line: number;
}

export interface Subs {
  /** The first line when it is not a sub-field (`:50:/D/…`, `:59:KZ…`). */
  head?: MtTextLine;
  values: Map<string, Sub>;
}

const SUB = /^\/{1,2}([A-Z]+)\/(.*)$/;

/**
 * Reads `/CODE/value` lines. `known` lists the codes of this place; `continued` may run on over lines without a code
 * (`/ASSIGN/`, joined with `join`). A code twice, an unknown code or a stray line becomes an issue on its line.
 */
export function readSubs(f: MtField, known: readonly string[], continued: string | null, join: string, issues: Issue[], row?: number): Subs {
  const out: Subs = { values: new Map() };
  let last: string | null = null;
  const tag = `:${f.tag}:`;
  const rp = row === undefined ? { en: '', ru: '', kk: '' } : { en: `row ${row + 1}: `, ru: `строка ${row + 1}: `, kk: `${row + 1}-жол: ` };
  f.lines.forEach((l, i) => {
    const m = SUB.exec(l.text);
    if (m && known.includes(m[1]!)) {
      const code = m[1]!;
      if (out.values.has(code)) {
        issues.push(issue('FMT_DUPLICATE_KEY', t({ en: `${rp.en}/${code}/ appears twice in ${tag}`, ru: `${rp.ru}/${code}/ повторяется в ${tag}`, kk: `${rp.kk}/${code}/ ${tag} ішінде қайталанады` }), { line: l.line, field: `${tag}/${code}/` }));
        last = null;
        return;
      }
      out.values.set(code, { value: m[2]!.trimEnd(), line: l.line });
      last = code;
      return;
    }
    if (i === 0) {
      // `:50:/D/<IBAN>`, `:59:<IBAN>`: the account line before the sub-fields.
      out.head = l;
      return;
    }
    if (last !== null && last === continued && !m) {
      const s = out.values.get(last)!;
      s.value += join + l.text.replace(/\s+$/, '');
      return;
    }
    if (m) {
      issues.push(issue('FMT_UNKNOWN_KEY', t({ en: `${rp.en}/${m[1]}/ is not a sub-field of ${tag} here`, ru: `${rp.ru}/${m[1]}/ — не подполе ${tag} в этом месте`, kk: `${rp.kk}/${m[1]}/ — бұл жерде ${tag} ішкі өрісі емес` }), { line: l.line, field: `${tag}/${m[1]}/`, severity: 'warning', expected: t({ en: known.map((k) => `/${k}/`).join(' '), ru: known.map((k) => `/${k}/`).join(' '), kk: known.map((k) => `/${k}/`).join(' ') }) }));
      last = null;
      return;
    }
    issues.push(issue('FMT_SYNTAX', t({ en: `${rp.en}line '${shown(l.text)}' of ${tag} is not a sub-field`, ru: `${rp.ru}строка '${shown(l.text)}' в ${tag} — не подполе`, kk: `${rp.kk}${tag} ішіндегі '${shown(l.text)}' жолы ішкі өріс емес` }), { line: l.line, field: tag, expected: t({ en: '/CODE/value', ru: '/КОД/значение', kk: '/КОД/мән' }) }));
  });
  return out;
}
