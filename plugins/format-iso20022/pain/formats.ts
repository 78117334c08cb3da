// The pain format ids this folder reads and writes, and which of them a message root names (by namespace, else by
// the message element's local name, so a file without `xmlns` is still recognised).
import type { FormatId } from '../../../gateway/core/plugin.ts';

export const PAIN_001_03 = 'iso20022.pain.001.001.03';
export const PAIN_001_09 = 'iso20022.pain.001.001.09';
export const PAIN_002_03 = 'iso20022.pain.002.001.03';
export const PAIN_002_10 = 'iso20022.pain.002.001.10';

export const PAIN_FORMATS = [PAIN_001_03, PAIN_001_09, PAIN_002_03, PAIN_002_10] as const satisfies readonly FormatId[];
export type PainFormatId = (typeof PAIN_FORMATS)[number];

/** Message element (the root's first child) of each message family. */
export const PAIN_001_MESSAGE = 'CstmrCdtTrfInitn';
export const PAIN_002_MESSAGE = 'CstmrPmtStsRpt';

/**
 * `urn:iso:std:iso:20022:tech:xsd:pain.001.001.09`, the German DK `pain.001.003.03`, the Swiss
 * `http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd` all end in `pain.<msg>.<variant>.<version>`.
 */
const NS = /pain\.(001|002)\.(\d{3})\.(\d{2})(?:\.ch\.\d{2})?(?:\.xsd)?$/;

/**
 * The pain format a root element belongs to, or null. Versions are folded onto the two this gateway names per
 * message (the reader takes every version by local names): pain.001 up to .07 → .03 (ReqdExctnDt as a date, `BIC`),
 * .08 and later → .09 (ReqdExctnDt/Dt, `BICFI`); pain.002 up to .09 → .03, .10 and later → .10. A root without a
 * namespace is recognised by its message element (`message`, or the root's first child when the caller has it):
 * pain.001 → .03, pain.002 → .03 — the oldest, most tolerant reading.
 */
export function painFormatOf(root: { name: string; ns: string; children?: readonly { name: string }[] }, message?: string): PainFormatId | null {
  if (root.name !== 'Document') return null;
  const m = NS.exec(root.ns);
  if (m) {
    const version = Number(m[3]);
    if (m[1] === '001') return version >= 8 ? PAIN_001_09 : PAIN_001_03;
    return version >= 10 ? PAIN_002_10 : PAIN_002_03;
  }
  if (root.ns !== '') return null;
  const first = message ?? root.children?.[0]?.name;
  if (first === PAIN_001_MESSAGE) return PAIN_001_03;
  if (first === PAIN_002_MESSAGE) return PAIN_002_03;
  return null;
}
