// Issues of the JSON document format in en/ru/kk: each names the line and the field as a JSON path
// ('documents[0].payer.iban') and says what was expected. Values from the file are quoted and shortened.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import { MAX_DEPTH, type JsonNode, type JsonSyntaxError, type SyntaxProblem } from './reader.ts';

/** Where a problem is: the line of the value (or of its object when the key is missing) and the JSON path. */
export interface At {
  line: number;
  field: string;
}

/** A value as shown in a detail (the caller quotes it): at most 60 characters. */
export function shown(v: string): string {
  return v.length > 60 ? `${v.slice(0, 57)}...` : v;
}

const TYPE: Record<JsonNode['type'], Text> = {
  string: { en: 'a string', ru: 'строка', kk: 'жол' },
  number: { en: 'a number', ru: 'число', kk: 'сан' },
  boolean: { en: "'true' or 'false'", ru: "'true' или 'false'", kk: "'true' немесе 'false'" },
  null: { en: "'null'", ru: "'null'", kk: "'null'" },
  object: { en: 'an object {…}', ru: 'объект {…}', kk: 'объект {…}' },
  array: { en: 'a list […]', ru: 'список […]', kk: 'тізім […]' },
};

export const A_STRING: Text = { en: 'a string in double quotes', ru: 'строка в двойных кавычках', kk: 'қос тырнақшадағы жол' };
export const AN_OBJECT: Text = TYPE.object;
export const A_LIST: Text = TYPE.array;
export const ISO_DATE: Text = { en: 'a date YYYY-MM-DD, e.g. "2025-01-15"', ru: 'дата ГГГГ-ММ-ДД, например "2025-01-15"', kk: 'ЖЖЖЖ-АА-КК түріндегі күн, мысалы "2025-01-15"' };
export const DECIMAL: Text = {
  en: 'a decimal string with a dot, e.g. "150000.00"',
  ru: 'десятичное число строкой, с точкой, например "150000.00"',
  kk: 'нүктесі бар ондық сан жол түрінде, мысалы "150000.00"',
};
export const CURRENCY: Text = { en: 'ISO 4217 letter code, e.g. "KZT"', ru: 'буквенный код ISO 4217, например "KZT"', kk: 'ISO 4217 әріптік коды, мысалы "KZT"' };

/** `'a', 'b', 'c'` as the expectation "one of". */
export function oneOf(values: readonly string[]): Text {
  const list = values.map((v) => `'${v}'`).join(', ');
  return { en: `one of ${list}`, ru: `одно из значений: ${list}`, kk: `мына мәндердің бірі: ${list}` };
}

/** FMT_REQUIRED_KEY: the key is absent (or null). */
export function missing(at: At, expected: Text): Issue {
  const f = at.field;
  return issue('FMT_REQUIRED_KEY', t({ en: `'${f}' is missing`, ru: `не указан обязательный ключ '${f}'`, kk: `міндетті '${f}' кілті көрсетілмеген` }), { ...at, expected });
}

/** FMT_BAD_VALUE: a value of the wrong JSON type; a number where money or a code is due gets the reason. */
export function wrongType(node: JsonNode, at: At, expected: Text): Issue {
  const [f, got] = [at.field, TYPE[node.type]];
  const text =
    node.type === 'number' && expected === DECIMAL
      ? t({
          en: `'${f}' is a number: amounts are written as strings, a binary number can lose the last digits`,
          ru: `'${f}' — число: суммы записываются строкой, двоичное число может потерять последние знаки`,
          kk: `'${f}' — сан: сомалар жол түрінде жазылады, екілік сан соңғы цифрларын жоғалтуы мүмкін`,
        })
      : t({ en: `'${f}' is ${got.en}, not ${expected.en}`, ru: `'${f}' — ${got.ru}, а нужно: ${expected.ru}`, kk: `'${f}' — ${got.kk}, ал қажеті: ${expected.kk}` });
  return issue('FMT_BAD_VALUE', text, { ...at, expected });
}

/** FMT_BAD_VALUE (or another FMT_ code): the value has the right type but a wrong form. */
export function badValue(value: string, at: At, why: Text, expected: Text, code: 'FMT_BAD_VALUE' | 'FMT_TOO_MANY_DECIMALS' | 'FMT_NOT_SUPPORTED' = 'FMT_BAD_VALUE'): Issue {
  const [f, v] = [at.field, shown(value)];
  return issue(code, t({ en: `'${f}' = '${v}': ${why.en}`, ru: `'${f}' = '${v}': ${why.ru}`, kk: `'${f}' = '${v}': ${why.kk}` }), { ...at, expected });
}

/** FMT_UNKNOWN_KEY: a key this format does not have (a misspelt optional key would otherwise be lost silently). */
export function unknownKey(at: At, known: readonly string[]): Issue {
  const f = at.field;
  const list = known.map((k) => `'${k}'`).join(', ');
  return issue('FMT_UNKNOWN_KEY', t({ en: `'${f}' is not a key of this format`, ru: `ключа '${f}' нет в формате`, kk: `'${f}' кілті пішімде жоқ` }), {
    ...at,
    expected: t({ en: `one of the keys ${list}`, ru: `один из ключей ${list}`, kk: `${list} кілттерінің бірі` }),
  });
}

/** FMT_DUPLICATE_KEY: JSON leaves a repeated key's meaning open (RFC 8259 4); we refuse to guess. */
export function duplicateKey(at: At): Issue {
  const f = at.field;
  return issue('FMT_DUPLICATE_KEY', t({ en: `'${f}' is given twice in the same object`, ru: `ключ '${f}' указан в объекте дважды`, kk: `'${f}' кілті объектіде екі рет көрсетілген` }), at);
}

const EXPECTED_AT: Record<Extract<SyntaxProblem, { kind: 'unexpected' }>['expected'], Text> = {
  value: { en: 'a value', ru: 'значение', kk: 'мән' },
  key: { en: 'a key in double quotes', ru: 'ключ в двойных кавычках', kk: 'қос тырнақшадағы кілт' },
  colon: { en: "':' after the key", ru: "':' после ключа", kk: "кілттен кейін ':'" },
  'comma-or-end': { en: "',' or the closing bracket", ru: "',' или закрывающая скобка", kk: "',' немесе жабатын жақша" },
  'end-of-file': { en: 'the end of the file', ru: 'конец файла', kk: 'файлдың соңы' },
  object: { en: 'an object { "format": "bankgate.document.v1", "documents": [ … ] }', ru: 'объект { "format": "bankgate.document.v1", "documents": [ … ] }', kk: '{ "format": "bankgate.document.v1", "documents": [ … ] } объектісі' },
};

/** FMT_SYNTAX / FMT_UNEXPECTED_EOF from the reader's error. */
export function syntaxIssue(e: JsonSyntaxError): Issue {
  const p = e.problem;
  const at = { line: e.line };
  switch (p.kind) {
    case 'eof':
      return issue('FMT_UNEXPECTED_EOF', t({ en: 'the JSON text ends before its objects and lists are closed', ru: 'текст JSON обрывается до закрытия объектов и списков', kk: 'JSON мәтіні объектілер мен тізімдер жабылмай тұрып аяқталады' }), at);
    case 'unexpected': {
      const c = /[\x00-\x1f\x7f]/.test(p.char) ? `U+${p.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : p.char;
      const x = EXPECTED_AT[p.expected];
      return issue('FMT_SYNTAX', t({ en: `unexpected '${c}'; expected ${x.en}`, ru: `неожиданный символ '${c}'; ожидается ${x.ru}`, kk: `күтпеген '${c}' таңбасы; күтілетіні: ${x.kk}` }), { ...at, expected: x });
    }
    case 'bad-string':
      return issue(
        'FMT_SYNTAX',
        p.why === 'control'
          ? t({ en: 'a line break or control character inside a string (write it as \\n)', ru: 'перевод строки или управляющий символ внутри строки (записывается как \\n)', kk: 'жол ішінде жол ауыстыру немесе басқару таңбасы (\\n түрінде жазылады)' })
          : t({ en: 'unknown escape after \\ in a string', ru: 'неизвестная последовательность после \\ в строке', kk: 'жолдағы \\ белгісінен кейін белгісіз тізбек' }),
        at,
      );
    case 'bad-literal':
      return issue(
        'FMT_SYNTAX',
        t({
          en: "not a value: 'true', 'false' and 'null' are written in lower case, strings in double quotes",
          ru: "не значение: 'true', 'false' и 'null' пишутся строчными буквами, строки — в двойных кавычках",
          kk: "мән емес: 'true', 'false' және 'null' кіші әріптермен, жолдар қос тырнақшада жазылады",
        }),
        at,
      );
    case 'too-deep':
      return issue('FMT_SYNTAX', t({ en: `nested deeper than ${MAX_DEPTH} levels`, ru: `вложенность глубже ${MAX_DEPTH} уровней`, kk: `${MAX_DEPTH} деңгейден терең кірістірілген` }), at);
  }
}

/** FMT_BAD_BYTES: JSON exchanged between systems is UTF-8 (RFC 8259 8.1). */
export function notUtf8(line: number): Issue {
  return issue(
    'FMT_BAD_BYTES',
    t({ en: 'the line is not valid UTF-8 (JSON files are UTF-8, RFC 8259)', ru: 'строка не является корректным текстом UTF-8 (файлы JSON записываются в UTF-8, RFC 8259)', kk: 'жол дұрыс UTF-8 мәтіні емес (JSON файлдары UTF-8 кодтауында жазылады, RFC 8259)' }),
    { line },
  );
}
