// The SWIFT X character set and how free text gets into it: Cyrillic (Russian and Kazakh) is transliterated by the
// table below, Latin letters lose their accents, a few signs get a look-alike, anything else becomes '.'.
//
// Why transliterate rather than refuse: Kazakh statements are written in Cyrillic almost always, so refusing would
// make the writer useless for its main input; names and purposes in :86: are read by people, and a readable Latin
// spelling keeps their meaning. Identifiers (account, references, :20:) are never changed: the writer refuses them
// (FMT_UNENCODABLE) when they hold a character outside X, since a changed reference no longer matches.

/** a-z A-Z 0-9 / - ? : ( ) . , ' + space (CR LF only as line ends). */
export const SWIFT_X = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/**
 * Russian letters as in ICAO Doc 9303 (passports of Kazakhstan and Russia use it: Ж ZH, Х KH, Ц TS, Ч CH, Ш SH,
 * Щ SHCH, Ы Y, Ю IU, Я IA, Ъ IE, Ь dropped); the Kazakh letters as in the 2021 Latin alphabet without diacritics
 * (Ә A, Ғ G, Қ Q, Ң N, Ө O, Ұ U, Ү U, Һ H, І I).
 */
export const CYRILLIC: Readonly<Record<string, string>> = {
  А: 'A', Б: 'B', В: 'V', Г: 'G', Д: 'D', Е: 'E', Ё: 'E', Ж: 'ZH', З: 'Z', И: 'I', Й: 'I', К: 'K', Л: 'L', М: 'M', Н: 'N', О: 'O', П: 'P', Р: 'R',
  С: 'S', Т: 'T', У: 'U', Ф: 'F', Х: 'KH', Ц: 'TS', Ч: 'CH', Ш: 'SH', Щ: 'SHCH', Ъ: 'IE', Ы: 'Y', Ь: '', Э: 'E', Ю: 'IU', Я: 'IA',
  Ә: 'A', Ғ: 'G', Қ: 'Q', Ң: 'N', Ө: 'O', Ұ: 'U', Ү: 'U', Һ: 'H', І: 'I',
};

/** Signs outside X with a look-alike inside it. */
export const SIGNS: Readonly<Record<string, string>> = {
  '№': 'N', '#': 'N', '"': "'", '«': "'", '»': "'", '“': "'", '”': "'", '„': "'", '‘': "'", '’': "'", '`': "'", ';': ',', '_': '-', '–': '-', '—': '-',
  '&': '+', '%': 'PCT', '=': '-', '!': '.', '*': '.', '@': '(AT)', '<': '(', '>': ')', '[': '(', ']': ')', '{': '(', '}': ')', '\\': '/', '|': '/',
  '\t': ' ', '\u00a0': ' ', ß: 'ss', Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', Œ: 'OE', œ: 'oe', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd',
};

const cache = new Map<string, string>();

function char(c: string): string {
  const hit = cache.get(c);
  if (hit !== undefined) return hit;
  let out: string;
  if (SWIFT_X.test(c)) out = c;
  else if (CYRILLIC[c] !== undefined) out = CYRILLIC[c]!;
  else if (CYRILLIC[c.toUpperCase()] !== undefined) out = CYRILLIC[c.toUpperCase()]!.toLowerCase();
  else if (SIGNS[c] !== undefined) out = SIGNS[c]!;
  else {
    const bare = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out = bare !== c && SWIFT_X.test(bare) ? bare : '.';
  }
  if (cache.size < 4096) cache.set(c, out);
  return out;
}

/** Free text in X: line breaks become spaces, runs of spaces one. */
export function toSwiftX(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (SWIFT_X.test(flat)) return flat;
  let out = '';
  const cs = [...flat];
  cs.forEach((c, i) => {
    const t = char(c);
    // 'Щука' → 'Shchuka', 'ЩУКА' → 'SHCHUKA': a capital before a small letter is capitalised only.
    const next = cs[i + 1];
    out += t.length > 1 && CYRILLIC[c] !== undefined && next !== undefined && next !== next.toUpperCase() ? t[0] + t.slice(1).toLowerCase() : t;
  });
  return out;
}

/** The first character outside X, or null. */
export function firstNonX(text: string): string | null {
  for (const c of text) if (!SWIFT_X.test(c)) return c;
  return null;
}
