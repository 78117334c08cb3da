// `bankgate bank test`, `bankgate statement --account IBAN --from --to [--format 1c|json]`, `bankgate letter send`:
// one-off calls to the configured bank through its connector (the embedded sandbox is started for the call).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeStatement1c } from '../../plugins/format-1c-kz/index.ts';
import { formatDecimal } from '../core/model/money.ts';
import { silentLogger } from '../core/logger.ts';
import { GatewayError } from '../core/errors.ts';
import { openBank, type OpenBank } from '../bank/open.ts';
import { isDemo, demoConfig } from '../bank/demo.ts';
import { isCalendarDate } from '../validate/dates.ts';
import { cliActor, openAdminStore } from './admin-store.ts';
import { printJson, reportError } from './output.ts';

async function withBank<T>(o: { config?: string }, fn: (bank: OpenBank) => Promise<T>): Promise<T> {
  const { loaded, store } = (await openAdminStore(o));
  const cfg = isDemo(loaded, process.env) ? demoConfig(loaded.config, loaded.envOverrides) : loaded.config;
  try {
    const bank = await openBank({ cfg, store, logger: silentLogger, env: process.env });
    try {
      return await fn(bank);
    } finally {
      await bank.close();
    }
  } finally {
    await store.close();
  }
}

export async function runBankTest(o: { config?: string; json?: boolean }): Promise<number> {
  try {
    const r = await withBank(o, (bank) => bank.session.test());
    if (o.json) printJson(r);
    else console.log(`${r.ok ? 'OK' : 'FAILED'}: ${r.ok ? Object.entries(r.details).map(([k, v]) => `${k} ${String(v)}`).join(', ') : r.error}`);
    return r.ok ? 0 : 1;
  } catch (e) {
    return reportError(e);
  }
}

export async function runStatement(o: { config?: string; account: string; from: string; to: string; format?: string; out?: string }): Promise<number> {
  try {
    if (!isCalendarDate(o.from) || !isCalendarDate(o.to) || o.from > o.to) throw new GatewayError('CONN_BAD_REQUEST', `--from and --to must be dates YYYY-MM-DD with from <= to (got ${o.from} … ${o.to})`);
    const format = o.format ?? '1c';
    if (format !== '1c' && format !== 'json') throw new GatewayError('CONN_BAD_REQUEST', `--format must be 1c or json (got ${format})`);
    const st = await withBank(o, (bank) => bank.session.statement(o.account.toUpperCase(), o.from, o.to));
    if (format === 'json') {
      const json = JSON.stringify({ ...st, openingBalance: formatDecimal(st.openingBalance.minor, st.currency), closingBalance: formatDecimal(st.closingBalance.minor, st.currency), totalCredits: formatDecimal(st.totalCredits.minor, st.currency), totalDebits: formatDecimal(st.totalDebits.minor, st.currency), operations: st.operations.map((op) => ({ ...op, amount: formatDecimal(op.amount.minor, op.amount.currency) })) }, null, 2);
      if (o.out) await writeFile(o.out, json + '\n');
      else process.stdout.write(json + '\n');
      return 0;
    }
    const parts: Uint8Array[] = [];
    for await (const p of writeStatement1c(st)) parts.push(p);
    const file = o.out ?? `kl_to_1c_${st.account}_${o.from.replaceAll('-', '')}_${o.to.replaceAll('-', '')}.txt`;
    await writeFile(file, Buffer.concat(parts));
    console.log(`${path.resolve(file)}: ${st.operations.length} operation(s), ${formatDecimal(st.openingBalance.minor, st.currency)} → ${formatDecimal(st.closingBalance.minor, st.currency)} ${st.currency}`);
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

export async function runLetterSend(o: { config?: string; subject: string; body?: string; attach?: string[] }): Promise<number> {
  try {
    const attachments = await Promise.all((o.attach ?? []).map(async (f) => ({ name: path.basename(f), content: new Uint8Array(await readFile(f)) })));
    const key = `letter-${cliActor()}-${Date.now()}`;
    const letter = await withBank(o, (bank) => bank.session.letters.send({ subject: o.subject, body: o.body ?? '', attachments }, key));
    console.log(`letter sent: bank id ${letter.bankId}, ${attachments.length} attachment(s)`);
    return 0;
  } catch (e) {
    return reportError(e);
  }
}
