// Script payloads that must stay text on every page: in a payment's purpose and beneficiary, in a value that fails a
// check (shown with its issue), and in the names of dropped files — each would set window.__xss or open a dialog.
import { gen1cText } from '../fixtures/gen-1c.ts';

export const PAYLOADS = {
  purpose: `Оплата <script>window.__xss='purpose'</script><img src=x onerror="window.__xss='purpose-img';alert(1)"> "'&amp;`,
  beneficiary: `<img src=x onerror=window.__xss='name'>`,
  /** Not a BIN: the document is invalid and its issue quotes the value. */
  badBin: `<svg onload="window.__xss='issue'"><script>alert(1)</script>`,
  fileName: `pay<img src=x onerror=window.__xss='file'>.txt`,
  unknownFileName: `<svg onload=window.__xss='err'>.txt`,
} as const;

/** A 1C file of two documents: the first carries the purpose and beneficiary payloads (valid), the second is invalid. */
export function xssPayments(firstNumber: number): Buffer {
  const text = gen1cText({ firstNumber, documents: 2 });
  const [head, first, second, tail] = text.split(/(?=СекцияДокумент=)|(?<=КонецДокумента\r\n)(?=КонецФайла)/);
  const withPayload = first!
    .replace(/^НазначениеПлатежа=.*$/m, `НазначениеПлатежа=${PAYLOADS.purpose}`)
    .replace(/^ПолучательНаименование=.*$/m, `ПолучательНаименование=${PAYLOADS.beneficiary}`);
  const invalid = second!.replace(/^ПолучательБИН_ИИН=.*$/m, `ПолучательБИН_ИИН=${PAYLOADS.badBin}`);
  return Buffer.from(head! + withPayload + invalid + tail!, 'utf8');
}
