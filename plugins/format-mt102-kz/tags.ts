// The MT tags and `:70:` sub-fields of kz-formats.md 2.2/2.3, and where each canonical field travels (for issue fields).

/** Sub-fields of `:50:` / `:59:` (2.2). `/RNN/` is the pre-2011 identifier, read only to refuse it. */
export const PARTY_SUBFIELDS = ['NAME', 'IDN', 'RNN', 'IRS', 'SECO', 'CHIEF', 'MAINBK', 'MAINBNK'] as const;
/** Sub-fields of the sequence-A `:70:` (2.2). */
export const A70_SUBFIELDS = ['NUM', 'DATE', 'SEND', 'VO', 'KNP', 'PSO', 'PRT', 'BCLASS', 'PERIOD', 'ASSIGN'] as const;
/** Sub-fields of a sequence-B `:70:` (2.3; `/LA/` card account of salary rows, crearpz.p). */
export const B70_SUBFIELDS = ['OPV', 'FM', 'NM', 'FT', 'DT', 'IDN', 'RNN', 'PERIOD', 'LA'] as const;

/** Tags read in sequence A (`:53C:`/`:54B:` correspondents are accepted and not mapped, 2.2). */
export const A_TAGS = ['20', '32A', '50', '52B', '53C', '54B', '57B', '59', '70'] as const;
export const B_TAGS = ['21', '32B', '70'] as const;

const PARTY_TAG: Record<string, string> = { iban: '/D/', name: '/NAME/', binIin: '/IDN/', code: '/IRS/+/SECO/' };
const ROW_TAG: Record<string, string> = {
  amount: ':32B:',
  iin: ':70:/IDN/',
  lastName: ':70:/FM/',
  firstName: ':70:/NM/',
  middleName: ':70:/FT/',
  birthDate: ':70:/DT/',
  period: ':70:/PERIOD/',
  account: ':70:/LA/',
  scheme: ':70:/OPV/',
};
const DOC_TAG: Record<string, string> = {
  reference: ':20:',
  number: ':70:/NUM/',
  date: ':70:/DATE/',
  valueDate: ':32A:',
  amount: ':32A:',
  knp: ':70:/KNP/',
  kbk: ':70:/BCLASS/',
  purpose: ':70:/ASSIGN/',
  rows: ':21:',
  scheme: ':70:/OPV/',
  'payer.bic': ':52B:',
  'beneficiary.bic': ':57B:',
  'beneficiary.iban': ':59:',
  routing: '{2:}',
  kind: '{2:}',
};

/** The MT tag of a canonical field path: 'payer.iban' → ':50:/D/', 'rows[2].iin' → ':70:/IDN/'. */
export function tagOf(path: string): string {
  const row = /^rows\[\d+\]\.?([A-Za-z]*)/.exec(path);
  if (row) return ROW_TAG[row[1]!.split('.')[0] ?? ''] ?? ':21:';
  const base = path.replace(/\.(minor|currency)$/, '');
  if (DOC_TAG[base]) return DOC_TAG[base]!;
  const m = /^(payer|beneficiary)\.(\w+)/.exec(base);
  if (m) return `${m[1] === 'payer' ? ':50:' : ':59:'}${PARTY_TAG[m[2]!] ?? ''}`;
  return base;
}

/** The 0-based row index of a canonical path ('rows[2].iin' → 2), or undefined. */
export function rowOf(path: string | undefined): number | undefined {
  const m = path ? /^rows\[(\d+)\]/.exec(path) : null;
  return m ? Number(m[1]) : undefined;
}
