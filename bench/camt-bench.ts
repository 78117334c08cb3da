// camt benchmark (issue 8): a ~100 MB camt.053 (one statement, 100,000+ entries) read by readCamt beside a bare saxes
// pass over the same bytes in the same run (bench/xml-read-bench.ts), and the reader's peak RSS.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { formatDecimal } from '../gateway/core/model/money.ts';
import type { BenchRow } from './table.ts';
import { xmlReadRows } from './xml-read-bench.ts';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 1 });

const amountOf = (i: number) => BigInt(100 + ((i * 7919) % 9_999_900));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Compact XML → indented the way banks write it (two spaces a level, one element a line). */
function pretty(xml: string, depth: number): string {
  let out = '';
  let level = depth;
  const re = /<(\/?)([A-Za-z]+)([^>]*)>([^<]*)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, close, , , text] = m;
    if (close) {
      level--;
      out += `${'  '.repeat(level)}</${m[2]}>\n`;
    } else {
      const leaf = text !== '';
      out += `${'  '.repeat(level)}<${m[2]}${m[3]}>${leaf ? text : '\n'}`;
      if (!leaf) level++;
      else {
        // the closing tag follows on the same line
        const close = re.exec(xml)!;
        out += `</${close[2]}>\n`;
      }
    }
  }
  return out;
}

function entry(i: number): string {
  const credit = i % 3 !== 0;
  const day = String(1 + (i % 28)).padStart(2, '0');
  const other = credit ? 'Dbtr' : 'Cdtr';
  const own = credit ? 'Cdtr' : 'Dbtr';
  const party = `<${other}><Pty><Nm>${esc(`ТОО «Контрагент ${i % 5000}» & партнёры`)}</Nm><Id><OrgId><Othr><Id>${String(100000000000 + (i % 900000))}</Id></Othr></OrgId></Id></Pty></${other}><${other}Acct><Id><IBAN>KZ${String(10 + (i % 89))}601A${String(i).padStart(13, '0')}</IBAN></Id></${other}Acct>`;
  const ownAcct = `<${own}Acct><Id><IBAN>KZ86125KZT5004100100</IBAN></Id></${own}Acct>`;
  return pretty(
    `<Ntry><NtryRef>${i}</NtryRef><Amt Ccy="KZT">${formatDecimal(amountOf(i))}</Amt><CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-01-${day}</Dt></BookgDt><ValDt><Dt>2026-01-${day}</Dt></ValDt><AcctSvcrRef>BK${String(i).padStart(12, '0')}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${credit ? 'RCDT' : 'ICDT'}</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs><InstrId>${i}</InstrId><EndToEndId>E2E-${i}-${(i * 31) % 1000}</EndToEndId></Refs><RltdPties>${credit ? party + ownAcct : ownAcct + party}</RltdPties><RltdAgts><${other}Agt><FinInstnId><BICFI>HSBKKZKX</BICFI></FinInstnId></${other}Agt></RltdAgts><Purp><Prtry>${['710', '119', '311'][i % 3]}</Prtry></Purp><RmtInf><Ustrd>Оплата по счёту № ${i} от 2026-01-${day}, в т.ч. НДС 12 %</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    3,
  );
}

/** Writes a camt.053.001.08 of about `target` bytes whose balances reconcile; returns its size and entry count. */
export async function writeBigCamt053(file: string, target = 100 * 2 ** 20): Promise<{ bytes: number; entries: number }> {
  const n = Math.ceil(target / Buffer.byteLength(entry(12345)));
  let [credits, debits] = [0n, 0n];
  for (let i = 0; i < n; i++) {
    if (i % 3 !== 0) credits += amountOf(i);
    else debits += amountOf(i);
  }
  const opening = 1_000_000_000n;
  const bal = (type: string, v: bigint, d: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp><Amt Ccy="KZT">${formatDecimal(v < 0n ? -v : v)}</Amt><CdtDbtInd>${v < 0n ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${d}</Dt></Dt></Bal>\n`;
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-02-01T09:00:00</CreDtTm></GrpHdr>\n<Stmt><Id>BENCH-1</Id><FrToDt><FrDtTm>2026-01-01T00:00:00</FrDtTm><ToDtTm>2026-01-31T23:59:59</ToDtTm></FrToDt><Acct><Id><IBAN>KZ86125KZT5004100100</IBAN></Id><Ccy>KZT</Ccy></Acct>\n` +
      bal('OPBD', opening, '2026-01-01') +
      bal('CLBD', opening + credits - debits, '2026-01-31'),
  );
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += entry(i);
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(`${buf}</Stmt></BkToCstmrStmt></Document>\n`);
  out.end();
  await once(out, 'close');
  return { bytes, entries: n };
}

export async function benchCamt(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-camtbench-'));
  try {
    const file = path.join(dir, 'big-camt053.xml');
    const { bytes, entries } = await writeBigCamt053(file);
    return await xmlReadRows({ reader: 'camt', label: `camt.053 read, ${fmt(entries)} entries`, file, bytes, record: 'Ntry', records: entries });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
