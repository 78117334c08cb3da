// Reading one JSON object of a document: its keys checked against the format's list (unknown and repeated keys are
// errors), then typed values taken out one by one, each problem an Issue with the value's line and JSON path.
import type { Issue, Text } from '../../gateway/core/issue.ts';
import { parseDecimal } from '../../gateway/core/model/money.ts';
import type { JsonMember, JsonNode } from './reader.ts';
import { A_STRING, badValue, CURRENCY, DECIMAL, duplicateKey, ISO_DATE, missing, oneOf, unknownKey, wrongType, type At } from './texts.ts';

type ObjectNode = Extract<JsonNode, { type: 'object' }>;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Digits, optionally a dot and more digits: no sign, no exponent, no comma (the API writes amounts this way). */
const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

export class Fields {
  private readonly byKey = new Map<string, JsonMember>();

  /** `known` null: the keys are checked later (when they depend on a value, as on the document's kind). */
  constructor(
    readonly node: ObjectNode,
    readonly path: string,
    readonly issues: Issue[],
    known: readonly string[] | null,
  ) {
    for (const m of node.members) {
      if (this.byKey.has(m.key)) this.issues.push(duplicateKey({ line: m.line, field: this.field(m.key) }));
      else this.byKey.set(m.key, m);
    }
    if (known) this.only(known);
  }

  /**
   * Reports every key outside `known` that has a value. A null one says "none" and loses nothing, so the API's view of a
   * document (which writes `"kbk": null` on a payment) reads back as it is.
   */
  only(known: readonly string[]): void {
    for (const m of this.byKey.values()) {
      if (!known.includes(m.key) && m.value.type !== 'null') this.issues.push(unknownKey({ line: m.line, field: this.field(m.key) }, known));
    }
  }

  field(key: string): string {
    return `${this.path}.${key}`;
  }

  at(key: string): At {
    return { line: this.byKey.get(key)?.value.line ?? this.node.line, field: this.field(key) };
  }

  /** The value, absent when missing or null (the API writes null for what a document does not have). */
  value(key: string): JsonNode | undefined {
    const v = this.byKey.get(key)?.value;
    return v === undefined || v.type === 'null' ? undefined : v;
  }

  /** A required value: reported when absent. */
  need(key: string, expected: Text): JsonNode | undefined {
    const v = this.value(key);
    if (v === undefined) this.issues.push(missing(this.at(key), expected));
    return v;
  }

  /** A string; `required` reports an absent one, `nonEmpty` an empty one. */
  text(key: string, o: { required?: boolean; nonEmpty?: boolean; expected?: Text } = {}): string | undefined {
    const expected = o.expected ?? A_STRING;
    const v = o.required ? this.need(key, expected) : this.value(key);
    if (v === undefined) return undefined;
    if (v.type !== 'string') {
      this.issues.push(wrongType(v, this.at(key), expected));
      return undefined;
    }
    if (o.nonEmpty && v.value.trim() === '') {
      this.issues.push(badValue(v.value, this.at(key), { en: 'empty', ru: 'пустое значение', kk: 'бос мән' }, expected));
      return undefined;
    }
    return v.value;
  }

  /** A string out of a fixed list. */
  choice<const T extends string>(key: string, values: readonly T[], required: boolean): T | undefined {
    const expected = oneOf(values);
    const v = this.text(key, { required, expected });
    if (v === undefined) return undefined;
    if ((values as readonly string[]).includes(v)) return v as T;
    this.issues.push(badValue(v, this.at(key), { en: 'not an allowed value', ru: 'недопустимое значение', kk: 'рұқсат етілмеген мән' }, expected));
    return undefined;
  }

  /** A calendar date 'YYYY-MM-DD' (the canonical model's form). */
  date(key: string, required: boolean): string | undefined {
    const v = this.text(key, { required, expected: ISO_DATE });
    if (v === undefined) return undefined;
    const m = ISO_DAY.exec(v);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (d && d.toISOString().slice(0, 10) === v) return v;
    this.issues.push(badValue(v, this.at(key), { en: 'not a calendar date', ru: 'не календарная дата', kk: 'күнтізбелік күн емес' }, ISO_DATE));
    return undefined;
  }

  currency(key: string): string | undefined {
    const v = this.text(key, { required: true, expected: CURRENCY });
    if (v === undefined) return undefined;
    if (/^[A-Z]{3}$/.test(v)) return v;
    this.issues.push(badValue(v, this.at(key), { en: 'not a currency code', ru: 'не код валюты', kk: 'валюта коды емес' }, CURRENCY));
    return undefined;
  }

  /**
   * Money in minor units from a decimal string. Without a currency (it was bad) only the form is checked. `positive`:
   * zero is refused here (a payment's own amount, as the 1C reader does); list rows leave zero to validation.
   */
  amount(key: string, currency: string | undefined, positive: boolean): bigint | undefined {
    const v = this.value(key);
    if (v === undefined) {
      this.issues.push(missing(this.at(key), DECIMAL));
      return undefined;
    }
    if (v.type !== 'string') {
      this.issues.push(wrongType(v, this.at(key), DECIMAL));
      return undefined;
    }
    const at = this.at(key);
    if (!PLAIN_DECIMAL.test(v.value)) {
      this.issues.push(badValue(v.value, at, { en: 'not a decimal amount', ru: 'не десятичная сумма', kk: 'ондық сома емес' }, DECIMAL));
      return undefined;
    }
    if (currency === undefined) return undefined;
    const minor = parseDecimal(v.value, currency);
    if (minor === null) {
      const why = { en: `more decimals than ${currency} has`, ru: `больше знаков после точки, чем у валюты ${currency}`, kk: `нүктеден кейін ${currency} валютасындағыдан көп цифр` };
      this.issues.push(badValue(v.value, at, why, DECIMAL, 'FMT_TOO_MANY_DECIMALS'));
      return undefined;
    }
    if (positive && minor <= 0n) {
      this.issues.push(badValue(v.value, at, { en: 'must be greater than zero', ru: 'должна быть больше нуля', kk: 'нөлден үлкен болуы керек' }, DECIMAL));
      return undefined;
    }
    return minor;
  }

  /** A nested object (reported when it is another type). */
  object(key: string, required: boolean, expected: Text): ObjectNode | undefined {
    const v = required ? this.need(key, expected) : this.value(key);
    if (v === undefined) return undefined;
    if (v.type === 'object') return v;
    this.issues.push(wrongType(v, this.at(key), expected));
    return undefined;
  }

  list(key: string, expected: Text): Extract<JsonNode, { type: 'array' }> | undefined {
    const v = this.need(key, expected);
    if (v === undefined) return undefined;
    if (v.type === 'array') return v;
    this.issues.push(wrongType(v, this.at(key), expected));
    return undefined;
  }
}
