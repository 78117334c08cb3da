// Golden cases: every folder of samples/1c-kz/ is parsed (payment reader, side-cars next to input.txt, and the
// statement reader when the file has balances) and compared with its expected.json. Each document also carries its
// validation result (`validation`: the VAL_ findings; `valid`: the gateway's verdict on all its issues), computed
// the way the gateway does (gateway/pipeline/check.ts checkFile + side-car list enricher + validateDocument) with
// the default validation config and "today" pinned to GOLDEN_TODAY.
// Regenerate expected.json: GOLDEN_UPDATE=1 npx vitest run tests/format-1c-kz/golden.test.ts
// Inputs come from golden-cases.ts via golden-gen.ts (npx tsx tests/format-1c-kz/golden-gen.ts).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import type { Issue } from '../../gateway/core/issue.ts';
import type { CanonicalDocument } from '../../gateway/core/model/document.ts';
import { formatDecimal } from '../../gateway/core/model/money.ts';
import type { ParsedDocument } from '../../gateway/core/plugin.ts';
import { checkFile, type Validate } from '../../gateway/pipeline/check.ts';
import { listEnricher } from '../../gateway/pipeline/employee-lists.ts';
import { isValid } from '../../gateway/pipeline/file-result.ts';
import { createValidationContext, validateDocument } from '../../gateway/validate/index.ts';
import { attachSideCars, format1cKz, parseSideCar, parseStatement1c, sideCarNames, sniffEncoding, type EmployeeList } from '../../plugins/format-1c-kz/index.ts';
import { GOLDEN_CASES, GOLDEN_TODAY } from './golden-cases.ts';
import { goldenBytes, SAMPLES_DIR } from './golden-gen.ts';
import { memoryFile, testContext } from './helpers.ts';

const UPDATE = process.env.GOLDEN_UPDATE === '1';
const cases = existsSync(SAMPLES_DIR) ? readdirSync(SAMPLES_DIR).filter((n) => statSync(join(SAMPLES_DIR, n)).isDirectory()).sort() : [];

/** The default `[validation]` config, "today" pinned: results never depend on the day the test runs. */
const VALIDATION = createValidationContext({ config: configSchema.parse({}).validation, today: GOLDEN_TODAY });
const validate: Validate = (doc, where) => validateDocument(doc, VALIDATION, where);

const issueOf = (file: string) => (i: Issue) => ({ file, code: i.code, severity: i.severity, line: i.line ?? null, field: i.field ?? null });

function docOf(d: Pick<ParsedDocument, 'line' | 'document'>) {
  const doc = d.document;
  if (!('amount' in doc) || !('payer' in doc)) return { line: d.line, kind: doc.kind, number: doc.number, date: doc.date };
  const rows = 'rows' in doc ? doc.rows : null;
  return {
    line: d.line ?? null,
    kind: doc.kind,
    scheme: 'scheme' in doc ? doc.scheme : null,
    number: doc.number,
    date: doc.date,
    amount: formatDecimal(doc.amount.minor, doc.amount.currency),
    currency: doc.amount.currency,
    payer: { iban: doc.payer.iban ?? null, binIin: doc.payer.binIin ?? null },
    beneficiary: { iban: doc.beneficiary.iban ?? null, binIin: doc.beneficiary.binIin ?? null },
    knp: doc.knp ?? null,
    kbk: doc.kind === 'budget' ? doc.kbk : null,
    rows: rows ? rows.length : null,
    rowsTotal: rows ? formatDecimal(rows.reduce((s, r) => s + r.amount.minor, 0n), doc.amount.currency) : null,
  };
}

/** A line-less or field-less finding sorts first; then by line, field, code (Array#sort is stable). */
function byPlace(a: { line: number | null; field: string | null; code: string }, b: typeof a): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.field ?? '').localeCompare(b.field ?? '') || a.code.localeCompare(b.code);
}

interface Checked {
  line: number | undefined;
  document: CanonicalDocument;
  issues: Issue[];
}

/** The gateway's path (pipeline/parse.ts): checkFile with the side-car lists enricher and the validator. */
async function checkAsGateway(input: Uint8Array, lists: readonly EmployeeList[]): Promise<Checked[]> {
  const out: Checked[] = [];
  for await (const ev of checkFile(memoryFile(input, 4096, 'input.txt'), format1cKz, '1c.kz', testContext(), validate, listEnricher(lists))) {
    if (ev.type === 'document') out.push({ line: ev.line, document: ev.document, issues: ev.issues });
  }
  return out;
}

/** What validation says of a document: its VAL_ findings, and valid = no error among all its issues (the stored state). */
function validationOf(c: Checked) {
  const validation = c.issues
    .filter((i) => i.code.startsWith('VAL_'))
    .map((i) => ({ code: i.code, severity: i.severity, line: i.line ?? null, field: i.field ?? null }))
    .sort(byPlace);
  return { validation, valid: isValid(c.issues) };
}

async function run(dir: string) {
  const input = new Uint8Array(readFileSync(join(dir, 'input.txt')));
  const items = [];
  for await (const it of format1cKz.parse(memoryFile(input, 4096, 'input.txt'), '1c.kz', testContext())) items.push(it);
  let documents = items.filter((i): i is ParsedDocument => i.type === 'document');
  let parseIssues = items.filter((i) => i.type === 'issue') as Issue[];

  const lists: EmployeeList[] = [];
  const sideCars: string[] = [];
  const sideCarIssues: ReturnType<ReturnType<typeof issueOf>>[] = [];
  for (const name of sideCarNames('input.txt')) {
    if (!existsSync(join(dir, name))) continue;
    const r = parseSideCar(name, new Uint8Array(readFileSync(join(dir, name))))!;
    sideCars.push(`${name} (${r.charset}, ${r.rows.length} rows)`);
    lists.push(...r.lists);
    sideCarIssues.push(...r.issues.map(issueOf(name)));
  }
  if (lists.length > 0) {
    const a = attachSideCars(lists, documents, parseIssues);
    documents = a.documents;
    parseIssues = a.issues;
  }
  const issues = [...parseIssues.map(issueOf('input.txt')), ...sideCarIssues];

  // Same documents through the gateway's path: they must be the ones read above (same lines, content, rows).
  const checked = await checkAsGateway(input, lists);
  expect(checked.map(docOf), 'checkFile + listEnricher read other documents than the golden reader').toEqual(documents.map(docOf));

  let statement: unknown;
  if (items.some((i) => i.type === 'issue' && i.field === 'СекцияРасчСчет')) {
    const s = await parseStatement1c(input);
    const st = s.statement;
    statement = {
      account: st?.account ?? null,
      currency: st?.currency ?? null,
      from: st?.from ?? null,
      to: st?.to ?? null,
      opening: st ? formatDecimal(st.openingBalance.minor, st.currency) : null,
      credits: st ? formatDecimal(st.totalCredits.minor, st.currency) : null,
      debits: st ? formatDecimal(st.totalDebits.minor, st.currency) : null,
      closing: st ? formatDecimal(st.closingBalance.minor, st.currency) : null,
      operations: st ? st.operations.map((o) => `${o.direction} ${o.number} ${formatDecimal(o.amount.minor, o.amount.currency)} ${o.counterparty.binIin ?? '-'}`) : null,
      owner: st?.owner?.name ?? null,
      issues: s.issues.map(issueOf('input.txt')),
    };
  }
  return {
    charset: sniffEncoding(input.subarray(0, 65536)).charset,
    sideCars,
    documents: documents.map((d, i) => ({ ...docOf(d), ...validationOf(checked[i]!) })),
    issues,
    ...(statement === undefined ? {} : { statement }),
  };
}

describe('golden cases samples/1c-kz/', () => {
  it('there are cases, and every generated case has a folder', () => {
    expect(cases.length).toBeGreaterThanOrEqual(GOLDEN_CASES.length);
    for (const c of GOLDEN_CASES) expect(cases, c.name).toContain(c.name);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(SAMPLES_DIR, name);
    const def = GOLDEN_CASES.find((c) => c.name === name);
    for (const f of def?.files ?? []) {
      const onDisk = new Uint8Array(readFileSync(join(dir, f.name)));
      expect(Buffer.from(onDisk).equals(Buffer.from(goldenBytes(f))), `${name}/${f.name} differs from golden-cases.ts: run npx tsx tests/format-1c-kz/golden-gen.ts`).toBe(true);
    }
    const actual = { case: name, description: def?.description ?? null, ...(await run(dir)) };
    const file = join(dir, 'expected.json');
    if (UPDATE) {
      writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
      console.log(`[golden] wrote ${name}/expected.json`);
      return;
    }
    expect(existsSync(file), `${name}/expected.json is missing: GOLDEN_UPDATE=1 npx vitest run tests/format-1c-kz/golden.test.ts`).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
