// The bank Connector conformance suite: every connector passes it unchanged against a running bank — connection test,
// signed bytes, once-per-key submission, statuses, a statement that reconciles and books the payment once, FX
// confirmations and letters.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankStatus, ConnectorDocument, ConnectorSession, Receipt } from '../../gateway/core/connector.ts';
import type { FxOrderDocument, PaymentDocument } from '../../gateway/core/model/document.ts';
import { formatDecimal, money } from '../../gateway/core/model/money.ts';
import type { Party } from '../../gateway/core/model/party.ts';
import { signedBytes } from '../../signer/signed-bytes.ts';
import { signedSubmission } from './connector-signing.ts';

export interface ConnectorConformanceSetup {
  /** An open session for one client of a running bank. */
  session: ConnectorSession;
  /** The client's funded KZT account that test payments debit. */
  account: string;
  /** The account holder as payer (its iban is `account`). */
  payer: Party;
  /** A beneficiary the bank accepts (another account, here or at another bank). */
  beneficiary: Party;
  /** The client's foreign-currency account an FX buy credits. */
  fxAccount: { iban: string; currency: string };
  /** The bank's business date; test documents carry it. */
  businessDate: string;
  /** Signs exactly these bytes as the bank's signature policy for the client requires (one CMS per signer). */
  sign(payload: Uint8Array): Promise<Uint8Array[]>;
  /** Brings due documents to execution (clock advance, admin tick); the suite polls statuses after it. */
  executeDue(): Promise<void>;
  /** How many documents the bank holds for the client (admin view), when the setup can ask. */
  documentCount?(): Promise<number>;
  /** Stops the bank and removes its data; the suite closes the session itself. */
  cleanup(): Promise<void>;
}

export type ConnectorConformanceFactory = () => Promise<ConnectorConformanceSetup>;

const ACCEPTED: BankStatus['state'][] = ['received', 'accepted', 'executed'];
/** `since` for the list calls: early enough for any bank clock (a sandbox may run on a moved clock); items are found by id. */
const LONG_AGO = '2000-01-01T00:00:00.000Z';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a connector's channel carries; a capability declared false skips its cases (absent = supported). */
export interface ConnectorCapabilities {
  fxConfirmations?: boolean;
  letters?: boolean;
}

export function connectorConformance(name: string, factory: ConnectorConformanceFactory, supports: ConnectorCapabilities = {}): void {
  describe(`Connector conformance: ${name}`, () => {
    let s: ConnectorConformanceSetup;
    let n = 0;

    beforeAll(async () => {
      s = await factory();
    }, 60_000);
    afterAll(async () => {
      await s?.session.close();
      await s?.cleanup();
    });

    /** A unique payment of `amount` (decimal KZT) from the client's account. */
    const payment = (amount = '1250.50'): ConnectorDocument => {
      const document: PaymentDocument = {
        kind: 'payment',
        number: `${Date.now() % 100_000}${++n}`,
        date: s.businessDate,
        amount: money(amount, 'KZT'),
        payer: s.payer,
        beneficiary: s.beneficiary,
        knp: '710',
        purpose: `Оплата по договору №${n}, в т.ч. НДС 12% — conformance`,
      };
      return { id: `conf-${randomUUID()}`, document };
    };

    const fxOrder = (): ConnectorDocument => {
      const document: FxOrderDocument = {
        kind: 'fx-order',
        number: `FX${Date.now() % 100_000}${++n}`,
        date: s.businessDate,
        direction: 'buy',
        amount: { minor: 10_000n, currency: s.fxAccount.currency },
        fromIban: s.account,
        toIban: s.fxAccount.iban,
        purpose: 'Покупка валюты для оплаты по контракту (conformance)',
      };
      return { id: `conf-${randomUUID()}`, document };
    };

    const submit = async (doc: ConnectorDocument, key = `conf-${randomUUID()}`) => s.session.submit(await signedSubmission(s.session, doc, s.sign), key);

    /** Polls the status (running the bank's due work each round) until it is final. */
    const untilExecuted = async (receipt: Receipt, timeoutMs = 20_000): Promise<BankStatus> => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        await s.executeDue();
        const st = await s.session.status(receipt);
        if (st && (st.state === 'executed' || st.state === 'rejected')) return st;
        if (Date.now() > until) throw new Error(`document ${receipt.bankId} still ${st?.state ?? 'unknown'} after ${timeoutMs} ms`);
        await sleep(100);
      }
    };

    it('test() reaches the bank: ok, no error', async () => {
      const r = await s.session.test();
      expect(r.error).toBeUndefined();
      expect(r.ok).toBe(true);
    });

    it('signingPayload is exactly the bankgate.document/1 bytes, the same every time', () => {
      const doc = payment();
      const a = s.session.signingPayload(doc);
      expect(Buffer.from(a).equals(signedBytes(doc))).toBe(true);
      expect(Buffer.from(s.session.signingPayload(structuredClone(doc))).equals(Buffer.from(a))).toBe(true);
    });

    it('submit: a signed payment is received or accepted, with a bank id', async () => {
      const key = `conf-${randomUUID()}`;
      const st = await submit(payment(), key);
      expect(ACCEPTED).toContain(st.state);
      expect(st.bankId).toMatch(/\S/);
      expect(st.idempotencyKey).toBe(key);
      if (st.state === 'accepted') expect(st.reason?.code ?? null).not.toBe('BAD_SIGNATURE');
    });

    it('the same key twice → the same bank id, and the bank holds one document', async () => {
      const key = `conf-${randomUUID()}`;
      const sub = await signedSubmission(s.session, payment(), s.sign);
      const before = await s.documentCount?.();
      const first = await s.session.submit(sub, key);
      const second = await s.session.submit(sub, key);
      expect(second.bankId).toBe(first.bankId);
      expect(second.idempotencyKey).toBe(key);
      if (before !== undefined) expect(await s.documentCount!()).toBe(before + 1);
    });

    it('status by receipt and by idempotency key name the same document', async () => {
      const key = `conf-${randomUUID()}`;
      const st = await submit(payment(), key);
      const byReceipt = await s.session.status({ bankId: st.bankId, idempotencyKey: key });
      const byKey = await s.session.status({ idempotencyKey: key });
      expect(byReceipt?.bankId).toBe(st.bankId);
      expect(byKey?.bankId).toBe(st.bankId);
      expect(byKey?.idempotencyKey).toBe(key);
      expect(ACCEPTED).toContain(byKey?.state);
    });

    it('an unknown key or bank id → null', async () => {
      expect(await s.session.status({ idempotencyKey: `never-${randomUUID()}` })).toBeNull();
      expect(await s.session.status({ bankId: `never-${randomUUID()}`, idempotencyKey: `never-${randomUUID()}` })).toBeNull();
    });

    it('statement: reconciles and books the executed payment exactly once, entry ids unique', async () => {
      const amount = '3456.78';
      const st = await submit(payment(amount));
      const done = await untilExecuted(st);
      expect(done.state).toBe('executed');
      expect(done.executionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const day = done.executionDate!;
      const stmt = await s.session.statement(s.account, day, day);
      expect(stmt.account).toBe(s.account);
      expect(stmt.openingBalance.minor + stmt.totalCredits.minor - stmt.totalDebits.minor).toBe(stmt.closingBalance.minor);
      const credits = stmt.operations.filter((o) => o.direction === 'credit').reduce((a, o) => a + o.amount.minor, 0n);
      const debits = stmt.operations.filter((o) => o.direction === 'debit').reduce((a, o) => a + o.amount.minor, 0n);
      expect(credits).toBe(stmt.totalCredits.minor);
      expect(debits).toBe(stmt.totalDebits.minor);
      expect(stmt.entryIds).toHaveLength(stmt.operations.length);
      expect(stmt.documentBankIds).toHaveLength(stmt.operations.length);
      expect(new Set(stmt.entryIds).size).toBe(stmt.entryIds.length);
      const ours = stmt.operations.flatMap((o, i) => (stmt.documentBankIds[i] === st.bankId && o.direction === 'debit' ? [{ o, id: stmt.entryIds[i] }] : []));
      expect(ours).toHaveLength(1);
      expect(formatDecimal(ours[0]!.o.amount.minor, ours[0]!.o.amount.currency)).toBe(amount);
      if (done.entryBankId) expect(ours[0]!.id).toBe(done.entryBankId);
      // Fetched again: the same entries under the same ids (stored once however often fetched).
      const again = await s.session.statement(s.account, day, day);
      expect(again.entryIds).toEqual(expect.arrayContaining(stmt.entryIds));
    });

    it.skipIf(supports.fxConfirmations === false)('fxConfirmations: an executed FX order is confirmed once, naming the order', async () => {
      const doc = fxOrder();
      const st = await submit(doc);
      expect(ACCEPTED).toContain(st.state);
      expect((await untilExecuted(st)).state).toBe('executed');
      const all = await s.session.fxConfirmations(LONG_AGO);
      const ours = all.filter((c) => c.orderBankId === st.bankId);
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatchObject({ clientDocumentId: doc.id, direction: 'buy', currency: s.fxAccount.currency, amount: '100.00', creditAccount: s.fxAccount.iban, debitAccount: s.account });
      expect(ours[0]!.dealId).toMatch(/\S/);
    });

    it.skipIf(supports.letters === false)('letters: sent once per key, and fetched back with their attachments', async () => {
      const key = `conf-${randomUUID()}`;
      const content = new Uint8Array([0, 1, 2, 250, 255, ...Buffer.from('Қазақша мәтін')]);
      const letter = { subject: 'Запрос справки / Анықтама сұрау', body: 'Просим выдать справку об остатке.\nҚалдық туралы анықтама беруіңізді сұраймыз.', attachments: [{ name: 'заявление.pdf', content }] };
      const sent = await s.session.letters.send(letter, key);
      expect(sent).toMatchObject({ direction: 'to-bank', subject: letter.subject, body: letter.body });
      expect(sent.bankId).toMatch(/\S/);
      expect((await s.session.letters.send(letter, key)).bankId).toBe(sent.bankId);
      const fetched = (await s.session.letters.fetch(LONG_AGO)).filter((l) => l.bankId === sent.bankId);
      expect(fetched).toHaveLength(1);
      expect(fetched[0]!.attachments).toHaveLength(1);
      expect(fetched[0]!.attachments[0]!.name).toBe('заявление.pdf');
      expect(Buffer.from(fetched[0]!.attachments[0]!.content).equals(Buffer.from(content))).toBe(true);
    });
  });
}
