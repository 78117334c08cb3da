// Differential test against mt940js 1.3.5 on the corpus: where both read a file, opening and closing balances and every
// entry amount agree; every file where they disagree is explained in mt940js-disagreements.ts.
import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../../gateway/core/model/money.ts';
import { parseMt940 } from '../../plugins/format-mt940/index.ts';
import { corpusFiles, corpusPresent, mt940js, readCorpus, type Mt940jsStatement } from './helpers.ts';
import { MT940JS_DISAGREEMENTS } from './mt940js-disagreements.ts';

/** mt940js floats (rounded to cents by mt940js itself) → minor units. */
const minor = (v: number, currency: string) => BigInt(Math.round(v * 10 ** currencyExponent(currency)));

/** What differs between our statements and mt940js's ([] when they agree). */
function compare(rel: string, ours: ReturnType<typeof parseMt940>, theirs: Mt940jsStatement[]): string[] {
  const out: string[] = [];
  const st = ours.statements.map((s) => s.statement);
  if (st.length !== theirs.length) return [`${rel}: ${st.length} statements, mt940js ${theirs.length}`];
  st.forEach((a, i) => {
    const b = theirs[i]!;
    const cur = a.currency;
    if (a.openingBalance.minor !== minor(b.openingBalance, cur)) out.push(`statement ${i + 1}: opening ${a.openingBalance.minor} vs ${b.openingBalance}`);
    if (a.closingBalance.minor !== minor(b.closingBalance, cur)) out.push(`statement ${i + 1}: closing ${a.closingBalance.minor} vs ${b.closingBalance}`);
    if (a.operations.length !== b.transactions.length) out.push(`statement ${i + 1}: ${a.operations.length} entries vs ${b.transactions.length}`);
    else
      a.operations.forEach((op, j) => {
        const signed = op.direction === 'credit' ? op.amount.minor : -op.amount.minor;
        if (signed !== minor(b.transactions[j]!.amount, cur)) out.push(`statement ${i + 1} entry ${j + 1}: ${signed} vs ${b.transactions[j]!.amount}`);
      });
  });
  return out;
}

describe.skipIf(!corpusPresent)('differential: format-mt940 vs mt940js', () => {
  const all = corpusFiles();

  it('agrees with mt940js on every file both read; every disagreement is explained', () => {
    let both = 0;
    const unexplained: string[] = [];
    const disagreeing = new Set<string>();
    for (const rel of all) {
      const bytes = readCorpus(rel);
      const ours = parseMt940(bytes);
      const clean = !ours.issues.some((i) => i.severity === 'error');
      let theirs: Mt940jsStatement[] | null = null;
      let why = '';
      try {
        theirs = mt940js(bytes);
      } catch (e) {
        why = (e as Error).message;
      }
      if (theirs === null) {
        // mt940js throws: a disagreement only when we read the file without an error.
        if (clean) {
          disagreeing.add(rel);
          if (!(rel in MT940JS_DISAGREEMENTS)) unexplained.push(`${rel}: mt940js throws (${why}), we read it`);
        }
        continue;
      }
      if (!clean) {
        disagreeing.add(rel);
        if (!(rel in MT940JS_DISAGREEMENTS)) unexplained.push(`${rel}: mt940js reads it, we report errors: ${ours.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ')}`);
        continue;
      }
      both++;
      const diff = compare(rel, ours, theirs);
      if (diff.length > 0) {
        disagreeing.add(rel);
        if (!(rel in MT940JS_DISAGREEMENTS)) unexplained.push(...diff.map((d) => `${rel}: ${d}`));
      }
    }
    console.log(`[format-mt940 vs mt940js] ${all.length} files; both read ${both} and agree on every balance and amount; ${disagreeing.size} explained disagreements`);
    expect(unexplained).toEqual([]);
    expect(both).toBeGreaterThan(40);
    // The list stays true: every file in it still disagrees.
    expect(Object.keys(MT940JS_DISAGREEMENTS).filter((f) => !disagreeing.has(f))).toEqual([]);
  });
});
