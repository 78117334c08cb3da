// Decoding side-car files: charset by sniffing (BOM, UTF-8 validity, letter statistics), lines with their numbers.
import { issue, t, type Issue } from '../../../gateway/core/issue.ts';
import type { Charset } from '../charsets.ts';
import { CHARSET_TEXT, declaredCharset, LineDecoder, sniffEncoding, type Sniffed } from '../encoding.ts';
import { LineSplitter } from '../lines.ts';
import { NOT_UTF8 } from '../texts.ts';

export interface DecodedText {
  /** Lines without terminators; index 0 is line 1. */
  lines: string[];
  charset: Charset;
  issues: Issue[];
}

/**
 * Decodes a whole side-car file line by line (side-cars are small; the host caps their size). A UTF-8 BOM is
 * dropped. `declared` (an XML `encoding=` value) is compared with what the bytes are, never trusted — except that a
 * declared RK1048 wins over a cp1251 sniff, the two being identical outside the Kazakh letters.
 */
export function decodeSideCar(bytes: Uint8Array, given?: Charset, declared?: { value: string; line: number; field: string }): DecodedText {
  const issues: Issue[] = [];
  let sniffed: Sniffed = given ? { charset: given, reason: 'given', bom: false } : sniffEncoding(bytes);
  if (!given && declared) {
    const d = declaredCharset(declared.value.replace(/^kz-?1048$/i, 'rk1048'));
    if (d === 'rk1048' && sniffed.charset === 'windows-1251') sniffed = { ...sniffed, charset: 'rk1048' };
    else if (d === null) {
      const [v, c] = [declared.value, CHARSET_TEXT[sniffed.charset]];
      const text = t({
        en: `unknown encoding '${v}'; the file is read as ${c.en}`,
        ru: `неизвестная кодировка '${v}'; файл читается в кодировке ${c.ru}`,
        kk: `белгісіз кодтау '${v}'; файл ${c.kk} кодтауында оқылады`,
      });
      issues.push(issue('FMT_BAD_VALUE', text, { line: declared.line, field: declared.field, severity: 'warning' }));
    } else if (d !== sniffed.charset) {
      const [v, c] = [declared.value, CHARSET_TEXT[sniffed.charset]];
      const text = t({
        en: `the file is ${c.en} but says '${v}'; it is read as ${c.en}`,
        ru: `файл в кодировке ${c.ru}, но в нём указано '${v}'; файл читается как ${c.ru}`,
        kk: `файл ${c.kk} кодтауында, бірақ онда '${v}' көрсетілген; файл ${c.kk} ретінде оқылады`,
      });
      issues.push(issue('FMT_ENCODING_MISMATCH', text, { line: declared.line, field: declared.field, severity: 'warning' }));
    }
  }
  const decoder = new LineDecoder(sniffed);
  const splitter = new LineSplitter(Number.MAX_SAFE_INTEGER);
  const lines: string[] = [];
  const take = (no: number, b: Uint8Array) => {
    const d = decoder.decode(b);
    let text = d.text;
    if (no === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (d.badBytes) issues.push(issue('FMT_BAD_BYTES', NOT_UTF8, { line: no }));
    if (d.switchedToRk1048) {
      const rk = CHARSET_TEXT.rk1048;
      const text = t({
        en: `Kazakh letters found at this line: from here on the file is read as ${rk.en}`,
        ru: `в этой строке найдены казахские буквы: дальше файл читается в кодировке ${rk.ru}`,
        kk: `бұл жолда қазақ әріптері табылды: осы жерден бастап файл ${rk.kk} кодтауында оқылады`,
      });
      issues.push(issue('FMT_ENCODING_MISMATCH', text, { line: no, severity: 'warning' }));
    }
    lines.push(text);
  };
  for (const l of splitter.push(bytes)) take(l.no, l.bytes);
  for (const l of splitter.end()) take(l.no, l.bytes);
  return { lines, charset: decoder.charset, issues };
}
