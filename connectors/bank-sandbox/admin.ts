// The admin API in process (the /v1/sandbox routes call the same functions): set up clients, accounts, certificates
// and policies, book incoming payments, turn fault knobs, move the sandbox clock, quote rates, write the bank's letters.
import type { z } from 'zod';
import type { LetterJson, StatementEntryJson } from '../bank-api/contract.ts';
import { parseDecimal } from '../../gateway/core/model/money.ts';
import { accountsOf, getAccount, insertAccount } from './accounts-repo.ts';
import {
  accountInputSchema,
  bankLetterInputSchema,
  certificateInputSchema,
  clientInputSchema,
  clockInputSchema,
  fxRatesInputSchema,
  policyInputSchema,
  type accountViewSchema,
  type certificateViewSchema,
  type clientViewSchema,
  type clockViewSchema,
} from './admin-schemas.ts';
import { registerCertificate, rightsOf } from './certificates-repo.ts';
import { getClient, newToken, setPolicies, upsertClient } from './clients-repo.ts';
import { isoAt } from './clock.ts';
import type { FxRate } from './config.ts';
import type { SandboxCore } from './core.ts';
import { makeIban } from './counterparties.ts';
import { tx } from './db.ts';
import type { FaultState, FaultUpdate } from './fault-knobs.ts';
import { bookIncoming, type IncomingPaymentInput } from './incoming.ts';
import { bankLetter } from './letters.ts';

export type ClientView = z.output<typeof clientViewSchema>;
export type AccountView = z.output<typeof accountViewSchema>;
export type CertificateView = z.output<typeof certificateViewSchema>;
export type ClockView = z.output<typeof clockViewSchema>;

/** An admin request the bank refuses: `status` is the HTTP status the admin routes answer with. */
export class AdminError extends Error {
  constructor(readonly status: 400 | 404 | 409, readonly code: string, message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

export interface SandboxAdmin {
  /** The admin bearer token (also in `tokenFile`, mode 0600). */
  readonly token: string;
  readonly tokenFile: string;
  upsertClient(input: z.input<typeof clientInputSchema>): ClientView;
  openAccount(input: z.input<typeof accountInputSchema>): AccountView;
  accounts(clientId?: string): AccountView[];
  registerCertificate(input: z.input<typeof certificateInputSchema>): CertificateView;
  setPolicy(clientId: string, input: z.input<typeof policyInputSchema>): z.output<typeof policyInputSchema>;
  incomingPayment(input: IncomingPaymentInput): StatementEntryJson;
  faults(): FaultState;
  setFaults(update: FaultUpdate): FaultState;
  clock(): ClockView;
  /** `{ now: ISO }` or `{ advance_ms }`; documents that became due execute before it returns. */
  setClock(input: z.input<typeof clockInputSchema>): ClockView;
  fxRates(): Record<string, FxRate>;
  setFxRates(rates: Record<string, unknown>): Record<string, FxRate>;
  sendLetter(input: z.input<typeof bankLetterInputSchema>): LetterJson;
  /** Runs one tick now: executes due documents, generates incoming payments when due. */
  tick(): { executed: number; incoming: number };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AdminError(400, 'MALFORMED', r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  return r.data;
}

function requireClient(core: SandboxCore, clientId: string) {
  const c = getClient(core.db, clientId);
  if (!c) throw new AdminError(404, 'NOT_FOUND', `no client ${clientId}`);
  return c;
}

export function createAdmin(core: SandboxCore, secret: { token: string; tokenFile: string }, tick: () => { executed: number; incoming: number }): SandboxAdmin {
  const now = () => isoAt(core.clock.now());
  const clockView = (): ClockView => {
    const t = core.clock.now();
    const d = core.calendar.localDate(t);
    return { now: isoAt(t), business_date: d, local_time: core.calendar.localTime(t), is_business_day: core.calendar.isBusinessDay(d), offset_ms: core.clock.offsetMs() };
  };
  return {
    token: secret.token,
    tokenFile: secret.tokenFile,
    upsertClient(input) {
      const c = parse(clientInputSchema, input);
      const isNew = !getClient(core.db, c.client_id);
      const token = c.token ?? (isNew ? newToken() : null);
      upsertClient(core.db, { client_id: c.client_id, name: c.name, bin: c.bin, token }, now());
      return { client_id: c.client_id, name: c.name, bin: c.bin, token };
    },
    openAccount(input) {
      const a = parse(accountInputSchema, input);
      requireClient(core, a.client_id);
      const balance = parseDecimal(a.balance, a.currency);
      if (balance === null) throw new AdminError(400, 'MALFORMED', `balance ${a.balance} has too many decimals for ${a.currency}`);
      return tx(core.db, () => {
        let iban = a.iban;
        while (!iban || (!a.iban && getAccount(core.db, iban))) iban = makeIban(core.config.bank.iban_code);
        if (getAccount(core.db, iban)) throw new AdminError(409, 'ACCOUNT_EXISTS', `account ${iban} is already open`);
        insertAccount(core.db, { iban, client_id: a.client_id, currency: a.currency, balance }, now());
        return getAccount(core.db, iban)!;
      });
    },
    accounts: (clientId) => accountsOf(core.db, clientId),
    registerCertificate(input) {
      const c = parse(certificateInputSchema, input);
      requireClient(core, c.client_id);
      let reg;
      try {
        reg = registerCertificate(core.db, c, now());
      } catch (e) {
        throw new AdminError(400, 'MALFORMED', `not an X.509 certificate: ${e instanceof Error ? e.message : String(e)}`);
      }
      return { ...reg, rights: rightsOf(core.db, reg.fingerprint) };
    },
    setPolicy(clientId, input) {
      requireClient(core, clientId);
      const p = parse(policyInputSchema, input);
      setPolicies(core.db, clientId, p.policies);
      return p;
    },
    incomingPayment(input) {
      try {
        return bookIncoming(core, input);
      } catch (e) {
        throw new AdminError(e instanceof RangeError && /no account/.test(e.message) ? 404 : 400, 'MALFORMED', e instanceof Error ? e.message : String(e));
      }
    },
    faults: () => core.faults.state(),
    setFaults(update) {
      try {
        return core.faults.set(update);
      } catch (e) {
        throw new AdminError(400, 'MALFORMED', e instanceof Error ? e.message : String(e));
      }
    },
    clock: clockView,
    setClock(input) {
      const c = parse(clockInputSchema, input);
      if ('now' in c) core.clock.set(Date.parse(c.now));
      else core.clock.advance(c.advance_ms);
      tick();
      return clockView();
    },
    fxRates: () => core.rates.all(),
    setFxRates(rates) {
      try {
        return core.rates.set(parse(fxRatesInputSchema, rates));
      } catch (e) {
        if (e instanceof AdminError) throw e;
        throw new AdminError(400, 'MALFORMED', e instanceof Error ? e.message : String(e));
      }
    },
    sendLetter(input) {
      const l = parse(bankLetterInputSchema, input);
      requireClient(core, l.client_id);
      return bankLetter(core, l.client_id, l);
    },
    tick,
  };
}
