// One camt report element (053 `Stmt`, 052 `Rpt`, 054 `Ntfctn`) → a Statement: the header (account, period,
// balances) read from the elements the schema puts before the entries, the entries added one at a time, and the
// checks at its end (opening + booked credits − booked debits = closing, the transaction summary).
import { t } from '../../../gateway/core/issue.ts';
import { formatDecimal, type Money } from '../../../gateway/core/model/money.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { Statement, StatementBalance, StatementOperation } from '../../../gateway/core/model/statement.ts';
import { child, childAt, children, type XmlElement } from '../xml/stream.ts';
import { accountOf, bicOf } from './entry.ts';
import type { CamtKind } from './formats.ts';
import { missing, otherCurrency, totals } from './texts.ts';
import { amountOf, at, choiceDate, dateOfText, decimalMinor, directionOf, text, type Report } from './values.ts';
import { currencyExponent } from '../../../gateway/core/model/money.ts';

interface Stated {
  balance: StatementBalance;
  el: XmlElement;
}

/** A statement being read: its header, the operations so far and running sums. */
export class StatementBuilder {
  readonly operations: StatementOperation[] = [];
  currency: string;
  private readonly header: Omit<Statement, 'operations' | 'openingBalance' | 'closingBalance' | 'totalCredits' | 'totalDebits' | 'from' | 'to' | 'currency'>;
  private readonly stated: Stated[] = [];
  private from: string | undefined;
  private to: string | undefined;
  private first: string | undefined;
  private last: string | undefined;
  private entries = 0;
  private readonly booked = { credit: 0n, debit: 0n };
  private readonly all = { credit: 0n, debit: 0n, credits: 0, debits: 0 };

  constructor(
    readonly el: XmlElement,
    readonly path: string,
    kind: CamtKind,
    groupHeader: XmlElement | undefined,
    private readonly report: Report,
  ) {
    const acct = child(el, 'Acct');
    const account = accountOf(acct);
    if (!account) report(missing(at(acct ?? el, `${path}/Acct/Id`)));
    this.currency = text(acct, 'Ccy') ?? '';
    this.header = { account: account ?? '', kind };
    const h = this.header;
    const id = text(el, 'Id');
    if (id) h.id = id;
    else report(missing(at(el, `${path}/Id`), undefined, 'warning'));
    const seq = text(el, 'ElctrncSeqNb') ?? text(el, 'LglSeqNb');
    if (seq) h.sequence = seq;
    const created = text(el, 'CreDtTm') ?? text(groupHeader, 'CreDtTm');
    if (created) h.createdAt = created;
    const bic = bicOf(child(acct, 'Svcr'), `${path}/Acct/Svcr`, report);
    if (bic) h.servicerBic = bic;
    const ownr = child(acct, 'Ownr');
    const ownrParty = child(ownr, 'Pty') ?? ownr;
    const ownerName = text(ownrParty, 'Nm');
    if (ownerName) {
      const owner: Omit<Party, 'iban'> = { name: ownerName };
      const bin = text(ownrParty, 'Id', 'OrgId', 'Othr', 'Id') ?? text(ownrParty, 'Id', 'PrvtId', 'Othr', 'Id');
      if (bin && /^\d{12}$/.test(bin)) owner.binIin = bin;
      h.owner = owner;
    }
    const period = child(el, 'FrToDt');
    const fr = child(period, 'FrDtTm') ?? child(period, 'FrDt');
    const to = child(period, 'ToDtTm') ?? child(period, 'ToDt');
    if (fr?.text.trim()) this.from = dateOfText(fr.text.trim(), fr, `${path}/FrToDt/${fr.name}`, report);
    if (to?.text.trim()) this.to = dateOfText(to.text.trim(), to, `${path}/FrToDt/${to.name}`, report);
    const bals = children(el, 'Bal');
    if (!this.currency) {
      const main = bals.find((b) => /^(OPBD|CLBD|PRCD|ITBD)$/.test(balanceType(b) ?? '')) ?? bals[0];
      const ccy = child(main, 'Amt')?.attrs['Ccy']?.trim();
      if (ccy && /^[A-Z]{3}$/.test(ccy)) this.currency = ccy;
    }
    bals.forEach((b, i) => {
      const s = this.balanceOf(b, `${path}/Bal[${i + 1}]`);
      if (s) this.stated.push({ balance: s, el: b });
    });
    const info = text(el, 'AddtlStmtInf') ?? text(el, 'AddtlRptInf') ?? text(el, 'AddtlNtfctnInf');
    if (info) h.additionalInfo = info;
  }

  private balanceOf(b: XmlElement, path: string): StatementBalance | undefined {
    const type = balanceType(b);
    if (!type) this.report(missing(at(b, `${path}/Tp/CdOrPrtry/Cd`)));
    const amount = amountOf(child(b, 'Amt'), `${path}/Amt`, b, this.report);
    let direction = directionOf(b, path, this.report, false);
    if (!direction && !child(b, 'CdtDbtInd')) {
      // Seen in bank files: a balance without its sign. Read as a credit balance; the reconciliation below tells if wrong.
      this.report(missing(at(b, `${path}/CdtDbtInd`), t({ en: "'CRDT' or 'DBIT' (read as CRDT)", ru: "'CRDT' или 'DBIT' (принят CRDT)", kk: "'CRDT' немесе 'DBIT' (CRDT деп алынды)" }), 'warning'));
      direction = 'credit';
    }
    const dt = child(b, 'Dt');
    const date = choiceDate(dt, `${path}/Dt`, this.report);
    if (!dt) this.report(missing(at(b, `${path}/Dt`)));
    if (amount && this.currency && amount.currency !== this.currency) {
      this.report(otherCurrency(amount.currency, at(child(b, 'Amt')!, `${path}/Amt/@Ccy`), this.currency));
      return undefined;
    }
    if (!type || !amount || !direction || !date) return undefined;
    return { type, amount: direction === 'debit' ? { minor: -amount.minor, currency: amount.currency } : amount, date };
  }

  /** Adds an entry's operation (null: unreadable, already reported — counted for the summary only). */
  add(op: StatementOperation | null): void {
    this.entries++;
    if (!op) return;
    if (!this.currency) this.currency = op.amount.currency;
    this.operations.push(op);
    const m = op.amount.minor;
    if (op.direction === 'credit') [this.all.credit, this.all.credits] = [this.all.credit + m, this.all.credits + 1];
    else [this.all.debit, this.all.debits] = [this.all.debit + m, this.all.debits + 1];
    if (!op.status || op.status === 'booked') this.booked[op.direction] += m;
    if (op.date) {
      if (!this.first || op.date < this.first) this.first = op.date;
      if (!this.last || op.date > this.last) this.last = op.date;
    }
  }

  /** The statement, once its element has closed (`el` then has the elements after the entries too). */
  finish(el: XmlElement): Statement {
    const h = { ...this.header };
    const info = text(el, 'AddtlStmtInf') ?? text(el, 'AddtlRptInf') ?? text(el, 'AddtlNtfctnInf');
    if (info) h.additionalInfo = info;
    const ccy = this.currency;
    const zero: Money = { minor: 0n, currency: ccy };
    const find = (...types: string[]) => {
      for (const type of types) {
        const s = this.stated.find((x) => x.balance.type === type);
        if (s) return s;
      }
      return undefined;
    };
    const opening = find('OPBD', 'PRCD');
    const closing = h.kind === 'intraday' ? find('CLBD', 'ITBD') : find('CLBD');
    const stated = !!opening && !!closing;
    if (!stated && h.kind === 'statement') {
      const which = opening ? 'CLBD' : 'OPBD';
      this.report(missing(at(this.el, `${this.path}/Bal/Tp/CdOrPrtry/Cd=${which}`), t({ en: 'an opening (OPBD or PRCD) and a closing (CLBD) balance; without them the statement converts only to formats that need no balances', ru: 'входящий (OPBD или PRCD) и исходящий (CLBD) остатки; без них выписку можно преобразовать только в форматы без остатков', kk: 'кіріс (OPBD немесе PRCD) және шығыс (CLBD) қалдықтары; оларсыз үзінді-көшірмені тек қалдықсыз пішімдерге түрлендіруге болады' }), 'warning'));
    }
    const credits: Money = { minor: this.booked.credit, currency: ccy };
    const debits: Money = { minor: this.booked.debit, currency: ccy };
    if (opening && closing) {
      const expected = opening.balance.amount.minor + credits.minor - debits.minor;
      if (expected !== closing.balance.amount.minor) {
        const f = (v: bigint) => formatDecimal(v, ccy);
        const [o, c, d, x, got] = [f(opening.balance.amount.minor), f(credits.minor), f(debits.minor), f(expected), f(closing.balance.amount.minor)];
        this.report(
          totals(
            at(closing.el, `${this.path}/Bal[${this.stated.indexOf(closing) + 1}]`),
            t({
              en: `balances do not reconcile: opening ${o} + booked credits ${c} − booked debits ${d} = ${x}, but the closing balance (${closing.balance.type}) is ${got}`,
              ru: `остатки не сходятся: входящий ${o} + поступления ${c} − списания ${d} = ${x}, а исходящий остаток (${closing.balance.type}) равен ${got}`,
              kk: `қалдықтар сәйкес келмейді: кіріс қалдық ${o} + түсімдер ${c} − есептен шығару ${d} = ${x}, ал шығыс қалдық (${closing.balance.type}) ${got}`,
            }),
            `closing balance ${x} ${ccy}`,
          ),
        );
      }
    }
    this.checkSummary(child(this.el, 'TxsSummry') ?? child(el, 'TxsSummry'));
    const createdDate = h.createdAt && /^\d{4}-\d{2}-\d{2}/.test(h.createdAt) ? h.createdAt.slice(0, 10) : undefined;
    const from = this.from ?? opening?.balance.date ?? this.first ?? createdDate ?? '';
    const to = this.to ?? closing?.balance.date ?? this.last ?? createdDate ?? from;
    const st: Statement = {
      ...h,
      account: h.account,
      currency: ccy,
      from,
      to,
      openingBalance: stated ? opening.balance.amount : zero,
      totalCredits: credits,
      totalDebits: debits,
      closingBalance: stated ? closing.balance.amount : zero,
      operations: this.operations,
      balancesStated: stated,
    };
    if (this.stated.length) st.balances = this.stated.map((s) => s.balance);
    return st;
  }

  /** `TxsSummry`: the numbers and sums of entries, checked against all entries (or the booked ones, which some banks count). */
  private checkSummary(sum: XmlElement | undefined): void {
    if (!sum) return;
    const exp = currencyExponent(this.currency);
    const page = child(this.el, 'StmtPgntn') ?? child(this.el, 'RptPgntn') ?? child(this.el, 'NtfctnPgntn');
    const paged = page ? text(page, 'PgNb') !== '1' || text(page, 'LastPgInd') !== 'true' : false;
    const severity = paged ? 'warning' : 'error';
    const bookedCount = this.operations.filter((o) => !o.status || o.status === 'booked').length;
    const allNet = this.all.credit - this.all.debit;
    const bookedNet = this.booked.credit - this.booked.debit;
    const checks: [string, string | undefined, (v: string) => boolean, string][] = [];
    const count = (all: number, booked: number) => (v: string) => /^\d+$/.test(v) && (Number(v) === all || Number(v) === booked);
    const dec = (all: bigint, booked: bigint) => (v: string) => {
      const m = decimalMinor(v, exp);
      return typeof m === 'bigint' && (m === all || m === booked);
    };
    const f = (v: bigint) => formatDecimal(v, this.currency);
    const p = `${this.path}/TxsSummry`;
    checks.push(
      ['TtlNtries/NbOfNtries', text(sum, 'TtlNtries', 'NbOfNtries'), count(this.entries, bookedCount), String(this.entries)],
      ['TtlNtries/Sum', text(sum, 'TtlNtries', 'Sum'), dec(this.all.credit + this.all.debit, this.booked.credit + this.booked.debit), f(this.all.credit + this.all.debit)],
      ['TtlCdtNtries/NbOfNtries', text(sum, 'TtlCdtNtries', 'NbOfNtries'), count(this.all.credits, this.operations.filter((o) => o.direction === 'credit' && (!o.status || o.status === 'booked')).length), String(this.all.credits)],
      ['TtlCdtNtries/Sum', text(sum, 'TtlCdtNtries', 'Sum'), dec(this.all.credit, this.booked.credit), f(this.all.credit)],
      ['TtlDbtNtries/NbOfNtries', text(sum, 'TtlDbtNtries', 'NbOfNtries'), count(this.all.debits, this.operations.filter((o) => o.direction === 'debit' && (!o.status || o.status === 'booked')).length), String(this.all.debits)],
      ['TtlDbtNtries/Sum', text(sum, 'TtlDbtNtries', 'Sum'), dec(this.all.debit, this.booked.debit), f(this.all.debit)],
    );
    const net = child(sum, 'TtlNtries', 'TtlNetNtry');
    const netAmt = text(net, 'Amt') ?? text(net, 'Amt');
    if (net && netAmt) {
      const sign = text(net, 'CdtDbtInd') === 'DBIT' ? -1n : 1n;
      const m = decimalMinor(netAmt, exp);
      const v = typeof m === 'bigint' ? sign * m : null;
      checks.push(['TtlNtries/TtlNetNtry', netAmt, () => v === allNet || v === bookedNet, `${f(allNet < 0n ? -allNet : allNet)} ${allNet < 0n ? 'DBIT' : 'CRDT'}`]);
    }
    for (const [field, value, ok, expected] of checks) {
      if (value === undefined || ok(value)) continue;
      const el = childAt(sum, field.split('/')) ?? sum;
      this.report(
        totals(
          at(el, `${p}/${field}`),
          t({
            en: `the transaction summary ${field} says ${value}, the entries of the statement give ${expected}`,
            ru: `в итогах выписки ${field} указано ${value}, а проводки выписки дают ${expected}`,
            kk: `үзінді-көшірме қорытындысында ${field} = ${value}, ал жазбалар бойынша ${expected}`,
          }),
          expected,
          severity,
        ),
      );
    }
  }
}

function balanceType(b: XmlElement): string | undefined {
  return text(b, 'Tp', 'CdOrPrtry', 'Cd') ?? text(b, 'Tp', 'CdOrPrtry', 'Prtry') ?? text(b, 'Tp', 'Cd') ?? text(b, 'Tp', 'Prtry');
}
