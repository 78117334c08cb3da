// Where a pain.001 transaction keeps what the canonical document needs beyond ISO's own meaning: the Kazakh fields at
// the bank profile's places (profile.ts), the currency contract number, and the purpose text from RmtInf.
import { child, children, textOf, type XmlElement } from '../xml/stream.ts';
import type { Pain001KzProfile } from './profile.ts';

/** `RgltryRptg/Dtls` of type `tp`: its Cd, or its Inf lines joined. */
function regulatory(tx: XmlElement, tp: string, field: 'Cd' | 'Inf'): string | undefined {
  for (const r of children(tx, 'RgltryRptg')) {
    for (const d of children(r, 'Dtls')) {
      if (textOf(d, 'Tp') !== tp) continue;
      if (field === 'Cd') return textOf(d, 'Cd');
      const inf = children(d, 'Inf').map((e) => e.text.trim()).join('');
      return inf || undefined;
    }
  }
  return undefined;
}

export function knpOf(tx: XmlElement, pmtTypeInfo: XmlElement | undefined, profile: Pain001KzProfile): string | undefined {
  switch (profile.knp) {
    case 'Purp/Prtry':
      return textOf(tx, 'Purp', 'Prtry');
    case 'Purp/Cd':
      return textOf(tx, 'Purp', 'Cd');
    case 'CtgyPurp/Prtry':
      return textOf(tx, 'PmtTpInf', 'CtgyPurp', 'Prtry') ?? textOf(pmtTypeInfo, 'CtgyPurp', 'Prtry');
    case 'RgltryRptg':
      return regulatory(tx, 'KNP', 'Cd');
  }
}

export function kbkOf(tx: XmlElement, profile: Pain001KzProfile): string | undefined {
  if (profile.kbk === 'RgltryRptg') return regulatory(tx, 'KBK', 'Cd');
  const holders = profile.kbk === 'Tax/Rcrd/Ctgy' ? [child(tx, 'Tax')] : children(child(tx, 'RmtInf'), 'Strd').map((s) => child(s, 'TaxRmt'));
  for (const h of holders) for (const r of children(h, 'Rcrd')) {
    const c = textOf(r, 'Ctgy');
    if (c !== undefined) return c;
  }
  return undefined;
}

export function contractOf(tx: XmlElement, profile: Pain001KzProfile): string | undefined {
  if (profile.contractNumber === 'RgltryRptg') return regulatory(tx, 'CONTRACT', 'Inf');
  for (const s of children(child(tx, 'RmtInf'), 'Strd')) {
    for (const d of children(s, 'RfrdDocInf')) if (textOf(d, 'Tp', 'CdOrPrtry', 'Cd') === 'CMCN' && textOf(d, 'Nb') !== undefined) return textOf(d, 'Nb');
  }
  return undefined;
}

/** Max140Text counts characters (code points). */
export const USTRD_MAX = 140;
const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * The purpose: `RmtInf/Ustrd` pieces as written. A piece that fills all 140 characters was cut by its writer and
 * continues in the next one (joined as is); a shorter piece ended on its own and is joined with a space. Without
 * Ustrd, the structured creditor reference (`Strd/CdtrRefInf/Ref`) stands in.
 */
export function purposeOf(tx: XmlElement): string {
  const rmt = child(tx, 'RmtInf');
  let text = '';
  let prev: string | undefined;
  for (const u of children(rmt, 'Ustrd')) {
    const piece = u.text;
    if (prev !== undefined) text += codePoints(prev) >= USTRD_MAX ? '' : ' ';
    text += piece;
    prev = piece;
  }
  if (prev !== undefined) return text.trim();
  for (const s of children(rmt, 'Strd')) {
    const ref = textOf(s, 'CdtrRefInf', 'Ref');
    if (ref !== undefined) return ref;
  }
  return '';
}
