// Shared helpers of the camt tests: read bytes into statements and issues, write statements to bytes, build
// small synthetic camt messages, and generate canonical statements that reconcile.
import type { Issue } from '../../../gateway/core/issue.ts';
import type { Statement, StatementOperation } from '../../../gateway/core/model/statement.ts';
import { readCamt, writeCamt053, type CamtReadOptions } from '../../../plugins/format-iso20022/camt/index.ts';
import type { WriteOptions } from '../../../gateway/core/plugin.ts';
import { CORPUS_ROOT } from '../../fixtures/corpus.ts';

export const CORPUS = CORPUS_ROOT;

export interface ReadResult {
  statements: Statement[];
  lines: number[];
  issues: Issue[];
  errors: Issue[];
}

export async function* chunksOf(bytes: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  if (bytes.length === 0) yield bytes;
}

export async function readBytes(input: Uint8Array | string | AsyncIterable<Uint8Array>, options?: CamtReadOptions): Promise<ReadResult> {
  const src = typeof input === 'string' ? chunksOf(Buffer.from(input, 'utf8')) : input instanceof Uint8Array ? chunksOf(input) : input;
  const r: ReadResult = { statements: [], lines: [], issues: [], errors: [] };
  for await (const item of readCamt(src, options)) {
    if (item.type === 'statement') {
      r.statements.push(item.statement);
      r.lines.push(item.line ?? 0);
    } else if (item.type === 'issue') {
      const { type: _t, ...i } = item;
      r.issues.push(i);
      if (i.severity === 'error') r.errors.push(i);
    }
  }
  return r;
}

export async function writeBytes(statements: readonly Statement[], options: WriteOptions = {}): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of writeCamt053(statements, { messageId: 'TEST-MSG-1', createdAt: '2026-01-15T10:00:00+05:00', ...options })) parts.push(c);
  return Buffer.concat(parts);
}

/** JSON with bigints as strings, for deep comparisons in messages. */
export function json(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
}

/** What must survive camt.053 → canonical → camt.053.001.08 → canonical for an operation. */
export function opKey(o: StatementOperation): unknown {
  return {
    ...o,
    // The writer gives an entry without a bank transaction code the schema's required one (write.ts).
    bankTransactionCode: o.bankTransactionCode ?? { proprietary: 'NTRF' },
  };
}

/** True when every balance of `a` appears in `b` in the same order (the writer may add OPBD / CLBD). */
export function balancesKept(a: Statement, b: Statement): boolean {
  const rest = [...(b.balances ?? [])];
  for (const x of a.balances ?? []) {
    const i = rest.findIndex((y) => json(y) === json(x));
    if (i < 0) return false;
    rest.splice(0, i + 1);
  }
  return true;
}

/** A synthetic camt message: `body` goes inside the message element; `ns` null leaves the namespace out. */
export function camtXml(body: string, opts: { message?: '052' | '053' | '054'; version?: string; ns?: string | null; prolog?: string } = {}): string {
  const message = opts.message ?? '053';
  const el = { '052': 'BkToCstmrAcctRpt', '053': 'BkToCstmrStmt', '054': 'BkToCstmrDbtCdtNtfctn' }[message];
  const ns = opts.ns === null ? '' : ` xmlns="${opts.ns ?? `urn:iso:std:iso:20022:tech:xsd:camt.${message}.001.${opts.version ?? '08'}`}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${opts.prolog ?? ''}<Document${ns}>\n<${el}>\n<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-01-15T10:00:00</CreDtTm></GrpHdr>\n${body}\n</${el}>\n</Document>\n`;
}

export function bal(type: string, amount: string, ccy = 'KZT', sign: 'CRDT' | 'DBIT' = 'CRDT', date = '2026-01-15'): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp><Amt Ccy="${ccy}">${amount}</Amt><CdtDbtInd>${sign}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
}

export function ntry(amount: string, sign: 'CRDT' | 'DBIT', extra = '', opts: { ccy?: string; sts?: string; v2?: boolean; details?: string } = {}): string {
  const sts = opts.v2 ? `<Sts>${opts.sts ?? 'BOOK'}</Sts>` : `<Sts><Cd>${opts.sts ?? 'BOOK'}</Cd></Sts>`;
  return `<Ntry><Amt Ccy="${opts.ccy ?? 'KZT'}">${amount}</Amt><CdtDbtInd>${sign}</CdtDbtInd>${extra}${sts}<BookgDt><Dt>2026-01-15</Dt></BookgDt><ValDt><Dt>2026-01-15</Dt></ValDt><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>${opts.details ?? ''}</Ntry>`;
}

export function stmt(inner: string, opts: { id?: string; ccy?: string; account?: string; tag?: string } = {}): string {
  const tag = opts.tag ?? 'Stmt';
  return `<${tag}><Id>${opts.id ?? 'S1'}</Id><CreDtTm>2026-01-15T10:00:00</CreDtTm><FrToDt><FrDtTm>2026-01-15T00:00:00</FrDtTm><ToDtTm>2026-01-15T23:59:59</ToDtTm></FrToDt><Acct><Id><IBAN>${opts.account ?? 'KZ86125KZT5004100100'}</IBAN></Id><Ccy>${opts.ccy ?? 'KZT'}</Ccy></Acct>${inner}</${tag}>`;
}

const kzt = (minor: bigint) => ({ minor, currency: 'KZT' });

/** A reconciling statement with `n` operations (deterministic from `seed`), rich enough to exercise the writer. */
export function generatedStatement(n: number, seed = 1): Statement {
  let x = seed;
  const rnd = (m: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  const operations: StatementOperation[] = [];
  let credits = 0n;
  let debits = 0n;
  for (let i = 0; i < n; i++) {
    const direction = rnd(2) ? 'credit' : 'debit';
    const minor = BigInt(1 + rnd(10_000_000));
    const day = String(1 + rnd(28)).padStart(2, '0');
    const op: StatementOperation = {
      date: `2026-01-${day}`,
      valueDate: `2026-01-${day}`,
      number: String(1000 + i),
      direction,
      amount: kzt(minor),
      counterparty: { name: `ТОО «Контрагент ${i}» & Co <${rnd(99)}>`, iban: 'KZ86125KZT5004100100', bic: 'HSBKKZKX', binIin: '123456789012' },
      knp: ['710', '119', '311'][rnd(3)]!,
      purpose: `Оплата по договору № ${i} ${'слово '.repeat(rnd(40))}`.trim(),
      documentKind: '',
      references: { accountServicer: `AS${i}`, endToEndId: `E2E-${i}` },
      bankTransactionCode: { domain: 'PMNT', family: direction === 'credit' ? 'RCDT' : 'ICDT', subFamily: 'DMCT' },
    };
    if (rnd(10) === 0) op.status = 'pending';
    if (rnd(15) === 0) op.reversal = true;
    if (rnd(12) === 0) {
      op.transactions = [
        { amount: kzt(minor / 2n), direction, counterparty: { name: 'Первый' }, purpose: 'часть 1', references: { endToEndId: `B${i}-1` } },
        { amount: kzt(minor - minor / 2n), direction, counterparty: { name: 'Второй' }, purpose: 'часть 2', references: { endToEndId: `B${i}-2` } },
      ];
      op.counterparty = { name: '' };
      op.purpose = 'Пакет';
      op.additionalInfo = 'Пакет';
      op.references = { accountServicer: `AS${i}`, messageId: `BATCH${i}` };
      delete op.knp;
      op.number = String(1000 + i);
    }
    if (!op.status) {
      if (direction === 'credit') credits += minor;
      else debits += minor;
    }
    operations.push(op);
  }
  const opening = 50_000_000n;
  return {
    account: 'KZ86125KZT5004100100',
    currency: 'KZT',
    from: '2026-01-01',
    to: '2026-01-31',
    owner: { name: 'ТОО «Ромашка»', binIin: '990140000123' },
    openingBalance: kzt(opening),
    totalCredits: kzt(credits),
    totalDebits: kzt(debits),
    closingBalance: kzt(opening + credits - debits),
    operations,
    kind: 'statement',
    balancesStated: true,
    id: `GEN-${seed}`,
    sequence: String(seed),
    createdAt: '2026-02-01T09:00:00+05:00',
    servicerBic: 'HSBKKZKX',
    balances: [
      { type: 'OPBD', amount: kzt(opening), date: '2026-01-01' },
      { type: 'CLBD', amount: kzt(opening + credits - debits), date: '2026-01-31' },
      { type: 'CLAV', amount: kzt(opening + credits - debits), date: '2026-01-31' },
    ],
  };
}
