// Required fields and length limits: purpose ≤ 410 (MT /ASSIGN/), names ≤ 60 (MT /NAME/), both configurable (kz-formats.md 3.8).
import { ruPlural, t, type Text } from '../core/i18n.ts';
import { finding, type Finding } from './findings.ts';

export function isBlank(value: string | undefined | null): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string' && value.length > 0) {
    // A first character that cannot be white space: not blank (the common case, without trimming a copy).
    const c = value.charCodeAt(0);
    if (c > 0x20 && c !== 0xa0 && c !== 0xfeff && (c < 0x1680 || c > 0x3000)) return false;
  }
  return String(value).trim() === '';
}

/** Characters as a person counts them (code points), not UTF-16 units. */
export function textLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** `what`: the field as people name it (a constant: the valid path builds nothing). */
export function requiredFinding(value: string | undefined | null, field: string, what: Text): Finding[] {
  return isBlank(value) ? [emptyFinding(field, what)] : [];
}

/** VAL_REQUIRED: `what` is empty. */
export function emptyFinding(field: string, what: Text): Finding {
  return finding('VAL_REQUIRED', t({ en: `${what.en} is empty`, ru: `не заполнено: ${what.ru}`, kk: `толтырылмаған: ${what.kk}` }), { field, expected: what });
}

/** 'at most N characters' (the limit of a length check). */
function atMost(max: number): Text {
  return t({ en: `at most ${max} characters`, ru: `не более ${max} ${ruPlural(max, 'символа', 'символов', 'символов')}`, kk: `ең көбі ${max} таңба` });
}

export function purposeFindings(value: string | undefined, max: number, field = 'purpose'): Finding[] {
  if (value === undefined || value.length <= max) return []; // never more characters than UTF-16 units
  const n = textLength(value);
  if (n <= max) return [];
  const reason = t({ en: `purpose has ${n} characters`, ru: `в назначении платежа ${n} ${ruPlural(n, 'символ', 'символа', 'символов')}`, kk: `төлемнің мақсатында ${n} таңба` });
  return [finding('VAL_PURPOSE_TOO_LONG', reason, { field, expected: atMost(max) })];
}

export function nameFindings(value: string | undefined, max: number, field: string): Finding[] {
  if (value === undefined || value.length <= max) return []; // never more characters than UTF-16 units
  const n = textLength(value);
  if (n <= max) return [];
  const reason = t({
    en: `name has ${n} characters; the bank may cut it`,
    ru: `длина — ${n} ${ruPlural(n, 'символ', 'символа', 'символов')}; банк может обрезать текст`,
    kk: `ұзындығы — ${n} таңба; банк мәтінді қысқартуы мүмкін`,
  });
  return [finding('VAL_NAME_TOO_LONG', reason, { field, expected: atMost(max) })];
}
