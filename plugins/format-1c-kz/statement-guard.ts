// Recognises a bank statement (`kl_to_1c.txt`) dropped where payment orders are read, so that none of its booked operations is paid again.
import { issue, t, type Issue, type Text } from '../../gateway/core/issue.ts';
import { detach } from './flat.ts';
import { DocumentBlock, type RawDocument } from './grammar.ts';
import { BOOKING_KEYS, KEYWORDS, keyId, keySlot } from './keys.ts';
import { isStatementSection } from './kinds.ts';

/** What showed that the file is a statement: where, under which key or section, and how to say it. */
export interface StatementEvidence {
  line: number;
  field: string;
  what: Text;
}

const BOOKING = BOOKING_KEYS.map((key) => ({ key, k: keyId(key), slot: keySlot(keyId(key)) }));

/** `СекцияРасчСчет` at `line`: statement balances (kz-formats.md 1.1, 5.1). */
export function accountEvidence(line: number): StatementEvidence {
  const as = KEYWORDS.accountStart;
  return {
    line,
    field: as,
    what: t({ en: `section '${as}' (statement balances)`, ru: `секция '${as}' (остатки выписки)`, kk: `'${as}' секциясы (үзінді-көшірме қалдықтары)` }),
  };
}

/**
 * A document's evidence, or null for an order: `СекцияДокумент=Выписка` (any case, quotes already stripped: Kaspi
 * `выписка`, BCC `"Выписка"`, Jusan `СЕКЦИЯДОКУМЕНТ=Выписка`), else the first bank booking key with a value
 * (`ДатаСписано`, `ДатаПоступило`, `СуммаРасход`, `СуммаПриход`). An empty booking key says nothing was booked.
 */
export function documentEvidence(doc: RawDocument): StatementEvidence | null {
  if (doc.sectionValue !== '' && isStatementSection(doc.sectionValue)) {
    const shown = `${KEYWORDS.documentStart}=${detach(doc.sectionValue)}`;
    return {
      line: doc.line,
      field: KEYWORDS.documentStart,
      what: t({ en: `'${shown}' (a statement line)`, ru: `'${shown}' (строка выписки)`, kk: `'${shown}' (үзінді-көшірме жолы)` }),
    };
  }
  let found: { line: number; key: string } | null = null;
  for (const b of BOOKING) {
    const f = doc instanceof DocumentBlock ? doc.get(b.k, b.slot) : doc.fields.get(b.k);
    if (f !== undefined && f.value !== '' && (found === null || f.line < found.line)) found = { line: f.line, key: f.key };
  }
  if (found === null) return null;
  const key = detach(found.key);
  return {
    line: found.line,
    field: key,
    what: t({
      en: `key '${key}', which only the bank writes when it has booked an operation`,
      ru: `ключ '${key}', который пишет только банк, когда операция уже проведена`,
      kk: `'${key}' кілті, оны операция жүргізілгенде тек банк жазады`,
    }),
  };
}

/** FMT_STATEMENT_NOT_ORDERS for the whole file, naming its first evidence. */
export function statementIssue(e: StatementEvidence): Issue {
  const text = t({
    en: `this file is a bank statement ('kl_to_1c': balances and booked operations), not payment orders from 1C: nothing in it was sent to the bank. Statements are loaded into 1C; to send payments, export them from 1C ('1c_to_kl.txt'). Shown by line ${e.line}: ${e.what.en}`,
    ru: `этот файл — банковская выписка ('kl_to_1c': остатки и проведённые операции), а не платёжные поручения из 1С: ничего из него в банк не отправлено. Выписки загружаются в 1С; чтобы отправить платежи, выгрузите их из 1С ('1c_to_kl.txt'). Признак — строка ${e.line}: ${e.what.ru}`,
    kk: `бұл файл — банк үзінді-көшірмесі ('kl_to_1c': қалдықтар мен жүргізілген операциялар), 1С-тен келген төлем тапсырмалары емес: одан банкке ештеңе жіберілмеді. Үзінді-көшірмелер 1С-ке жүктеледі; төлемдерді жіберу үшін оларды 1С-тен түсіріңіз ('1c_to_kl.txt'). Белгісі — ${e.line}-жол: ${e.what.kk}`,
  });
  return issue('FMT_STATEMENT_NOT_ORDERS', text, { line: e.line, field: e.field });
}

/**
 * Watches a file's sections as the reader emits them and keeps the first evidence. `issue()` is asked once, after
 * the last document: an issue emitted then stays with the file (pipeline/check.ts gives an issue to a document only
 * when it comes before it), although its line may lie inside a statement line.
 */
export class StatementGuard {
  private first: StatementEvidence | null = null;

  /** `СекцияРасчСчет` opened at `line`. */
  account(line: number): void {
    this.first ??= accountEvidence(line);
  }

  /** A closed `СекцияДокумент … КонецДокумента`. */
  document(doc: RawDocument): void {
    if (this.first === null) this.first = documentEvidence(doc);
  }

  issue(): Issue | null {
    return this.first === null ? null : statementIssue(this.first);
  }
}
