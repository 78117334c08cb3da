// The JSON view of a canonical document shared by `bankgate validate --json` and the HTTP API:
// money as decimal strings, parties flattened to name/bin/iban/bic/code, list rows counted.
import type { CanonicalDocument } from './document.ts';
import { formatDecimal } from './money.ts';
import type { Party } from './party.ts';

export interface PartyJson {
  name: string;
  bin: string | null;
  iban: string | null;
  bic: string | null;
  code: string | null;
}

export interface DocumentJson {
  kind: CanonicalDocument['kind'];
  number: string;
  date: string;
  amount: string | null;
  currency: string | null;
  payer: PartyJson | null;
  beneficiary: PartyJson | null;
  knp: string | null;
  kbk: string | null;
  purpose: string | null;
  rows: number | null;
}

function party(p: Party | undefined): PartyJson | null {
  if (!p) return null;
  return { name: p.name, bin: p.binIin ?? null, iban: p.iban ?? null, bic: p.bic ?? null, code: p.code ?? null };
}

export function documentJson(d: CanonicalDocument): DocumentJson {
  const amount = 'amount' in d ? d.amount : undefined;
  return {
    kind: d.kind,
    number: d.number,
    date: d.date,
    amount: amount ? formatDecimal(amount.minor, amount.currency) : null,
    currency: amount?.currency ?? null,
    payer: 'payer' in d ? party(d.payer) : null,
    beneficiary: 'beneficiary' in d ? party(d.beneficiary) : null,
    knp: 'knp' in d ? (d.knp ?? null) : null,
    kbk: 'kbk' in d ? d.kbk : null,
    purpose: 'purpose' in d ? d.purpose : d.kind === 'letter' ? d.subject : null,
    rows: 'rows' in d ? d.rows.length : null,
  };
}
