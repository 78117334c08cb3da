// The bank's side of the SFTP channel, as the sandbox bank would run it: watches the upload folder on disk, takes each
// complete pain.001 with its signed payload and detached CMS signatures, checks them, answers with a pain.002 (ACTC now,
// ACSC when executed, RJCT with a reason) and books executed payments into a daily camt.053 — all written atomically.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CanonicalDocument } from '../../../gateway/core/model/document.ts';
import type { Party } from '../../../gateway/core/model/party.ts';
import type { Statement, StatementOperation } from '../../../gateway/core/model/statement.ts';
import { camt053Writer } from '../../../plugins/format-iso20022/camt/index.ts';
import { readPain001 } from '../../../plugins/format-iso20022/pain/index.ts';
import { verifyDetached } from '../../../signer/cms.ts';

export interface BankSideOptions {
  uploadDir: string;
  downloadDir: string;
  /** Where processed uploads are moved (outside the upload folder, as a bank that consumes its inbox). */
  archiveDir: string;
  /** The client's account and its owner; payments debit it. */
  account: string;
  owner: Party;
  currency?: string;
  /** Opening balance of the business day, minor units. */
  balance: bigint;
  businessDate: string;
  /** DER of the certificates registered for the client: a signature by anyone else is refused. */
  certificates: readonly Uint8Array[];
}

export interface ReceivedFile {
  messageId: string;
  file: string;
  verdict: 'accepted' | 'rejected' | 'duplicate';
  reason?: string;
}

interface Pending {
  messageId: string;
  paymentInfoId: string;
  endToEndId: string;
  instructionId: string;
  document: CanonicalDocument & { amount: { minor: bigint; currency: string }; beneficiary: Party };
}

export interface BankSide {
  /** Every complete pain.001 the bank took from the upload folder, in order. */
  readonly received: readonly ReceivedFile[];
  /** Looks at the upload folder now (the watcher also does, every 100 ms). */
  scan(): Promise<void>;
  /** Executes every accepted payment: pain.002 ACSC and the day's camt.053 (cumulative, a new sequence each time). */
  executeDue(): Promise<void>;
  /** Writes a file into the download folder the way the bank does (temp name, then rename). */
  deliver(name: string, content: string | Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

interface TxAnswer {
  paymentInfoId?: string;
  instructionId?: string;
  endToEndId?: string;
  status: string;
  reason?: { code: string; text: string };
  acceptedAt?: string;
}

/** pain.002.001.10 for one original message: a group status (with a reason) or one transaction status. */
function pain002(o: { messageId: string; originalMessageId: string; group?: { status: string; reason?: { code: string; text: string } }; tx?: TxAnswer }): string {
  const reason = (r?: { code: string; text: string }) => (r ? `<StsRsnInf><Rsn><Cd>${esc(r.code)}</Cd></Rsn><AddtlInf>${esc(r.text)}</AddtlInf></StsRsnInf>` : '');
  const group = o.group ? `<GrpSts>${o.group.status}</GrpSts>${reason(o.group.reason)}` : '';
  const tx = o.tx
    ? `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${esc(o.tx.paymentInfoId ?? '')}</OrgnlPmtInfId><TxInfAndSts>` +
      `${o.tx.instructionId ? `<OrgnlInstrId>${esc(o.tx.instructionId)}</OrgnlInstrId>` : ''}` +
      `${o.tx.endToEndId ? `<OrgnlEndToEndId>${esc(o.tx.endToEndId)}</OrgnlEndToEndId>` : ''}` +
      `<TxSts>${o.tx.status}</TxSts>${reason(o.tx.reason)}${o.tx.acceptedAt ? `<AccptncDtTm>${o.tx.acceptedAt}</AccptncDtTm>` : ''}</TxInfAndSts></OrgnlPmtInfAndSts>`
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>' +
    `<GrpHdr><MsgId>${esc(o.messageId)}</MsgId><CreDtTm>${new Date().toISOString()}</CreDtTm></GrpHdr>` +
    `<OrgnlGrpInfAndSts><OrgnlMsgId>${esc(o.originalMessageId)}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>${group}</OrgnlGrpInfAndSts>` +
    `${tx}</CstmrPmtStsRpt></Document>\n`
  );
}

async function* once(b: Uint8Array): AsyncIterable<Uint8Array> {
  yield b;
}

export async function startBankSide(o: BankSideOptions): Promise<BankSide> {
  const currency = o.currency ?? 'KZT';
  await mkdir(o.archiveDir, { recursive: true });
  const received: ReceivedFile[] = [];
  const seenMessageIds = new Set<string>();
  const accepted: Pending[] = [];
  const booked: StatementOperation[] = [];
  let balance = o.balance;
  const opening = o.balance;
  let reserved = 0n;
  let seq = 0;
  let answers = 0;
  let busy: Promise<void> = Promise.resolve();

  const deliver = async (name: string, content: string | Uint8Array) => {
    const tmp = join(o.downloadDir, `.${name}.tmp`);
    await writeFile(tmp, content);
    await rename(tmp, join(o.downloadDir, name));
  };
  const answer = (originalMessageId: string, body: Omit<Parameters<typeof pain002>[0], 'messageId' | 'originalMessageId'>) => {
    const messageId = `PSR${String(++answers).padStart(6, '0')}${randomUUID().slice(0, 8)}`;
    return deliver(`pain002_${originalMessageId}_${answers}.xml`, pain002({ messageId, originalMessageId, ...body }));
  };

  /** Checks one complete upload set; the reason of a refusal, or the payment to execute. */
  const check = async (xmlName: string, xml: Buffer): Promise<{ reject: { code: string; text: string } } | { pending: Pending }> => {
    const text = xml.toString('utf8');
    const base = xmlName.replace(/\.xml$/, '');
    const ids = { paymentInfoId: tag(text, 'PmtInfId') ?? '', instructionId: tag(text, 'InstrId') ?? '', endToEndId: tag(text, 'EndToEndId') ?? '' };
    const docs: CanonicalDocument[] = [];
    const issues: string[] = [];
    for await (const item of readPain001(once(xml))) {
      if (item.type === 'document') docs.push(item.document);
      else if (item.type === 'issue' && item.severity === 'error') issues.push(item.message);
    }
    if (issues.length || docs.length !== 1) return { reject: { code: 'FF01', text: `pain.001 unreadable: ${issues.join('; ') || `${docs.length} payments`}` } };
    const doc = docs[0] as Pending['document'];
    let payload: Buffer;
    try {
      payload = await readFile(join(o.uploadDir, `${base}.payload`));
    } catch {
      return { reject: { code: 'DS0A', text: 'signed payload missing' } };
    }
    const names = (await readdir(o.uploadDir)).filter((n) => n.startsWith(`${base}.payload.`) && n.endsWith('.p7s')).sort();
    if (!names.length) return { reject: { code: 'DS0A', text: 'no signature' } };
    for (const n of names) {
      const v = await verifyDetached(await readFile(join(o.uploadDir, n)), payload);
      if (!v.ok) return { reject: { code: 'DS0B', text: `${n}: ${v.errors[0]?.message ?? 'invalid'}` } };
      if (!o.certificates.some((c) => v.certificateDer && sameBytes(c, v.certificateDer))) return { reject: { code: 'DS0E', text: `${n}: certificate not registered` } };
    }
    // The signed bytes (bankgate.document/1) must say what the pain.001 says.
    // canonicalJson writes bigint minor units as decimal strings.
    const signed = JSON.parse(payload.toString('utf8')) as { document: { amount: { minor: string; currency: string }; payer: Party; beneficiary: Party } };
    const s = signed.document;
    if (s.amount.minor !== String(doc.amount.minor) || s.amount.currency !== doc.amount.currency || s.beneficiary.iban !== doc.beneficiary.iban || s.payer.iban !== o.account) {
      return { reject: { code: 'NARR', text: `the pain.001 differs from the signed document (amount ${doc.amount.minor} vs ${s.amount.minor})` } };
    }
    if (doc.amount.currency !== currency) return { reject: { code: 'AM03', text: `account currency is ${currency}` } };
    if (doc.amount.minor > balance - reserved) return { reject: { code: 'AM04', text: `available ${balance - reserved}, needed ${doc.amount.minor}` } };
    return { pending: { messageId: base, ...ids, document: doc } };
  };

  const scanOnce = async () => {
    for (const name of (await readdir(o.uploadDir)).sort()) {
      if (name.startsWith('.') || !name.endsWith('.xml')) continue;
      const xml = await readFile(join(o.uploadDir, name));
      const messageId = tag(xml.toString('utf8'), 'MsgId') ?? name;
      const set = (await readdir(o.uploadDir)).filter((n) => n === name || n.startsWith(`${name.replace(/\.xml$/, '')}.payload`));
      if (seenMessageIds.has(messageId)) {
        received.push({ messageId, file: name, verdict: 'duplicate' });
        await answer(messageId, { group: { status: 'RJCT', reason: { code: 'DU01', text: 'message id already received' } } });
      } else {
        seenMessageIds.add(messageId);
        const r = await check(name, xml);
        if ('reject' in r) {
          received.push({ messageId, file: name, verdict: 'rejected', reason: r.reject.code });
          await answer(messageId, { tx: { status: 'RJCT', reason: r.reject, endToEndId: tag(xml.toString('utf8'), 'EndToEndId') ?? messageId, paymentInfoId: tag(xml.toString('utf8'), 'PmtInfId') ?? '' } });
        } else {
          received.push({ messageId, file: name, verdict: 'accepted' });
          reserved += r.pending.document.amount.minor;
          accepted.push(r.pending);
          await answer(messageId, { tx: { status: 'ACTC', endToEndId: r.pending.endToEndId, instructionId: r.pending.instructionId, paymentInfoId: r.pending.paymentInfoId } });
        }
      }
      // Consumed: the set leaves the inbox (pain.001 first, so a half-moved set is never taken again).
      const dest = join(o.archiveDir, `${received.length}`);
      await mkdir(dest, { recursive: true });
      for (const n of [name, ...set.filter((n) => n !== name)]) await rename(join(o.uploadDir, n), join(dest, n));
    }
  };

  const serial = (fn: () => Promise<void>) => {
    const next = busy.then(fn, fn);
    busy = next.catch(() => undefined);
    return next;
  };

  const scan = () => serial(scanOnce);

  const executeDue = () =>
    serial(async () => {
      await scanOnce();
      if (!accepted.length) return;
      for (const p of accepted.splice(0)) {
        balance -= p.document.amount.minor;
        reserved -= p.document.amount.minor;
        const entryId = `E${o.businessDate.replace(/-/g, '')}${String(booked.length + 1).padStart(5, '0')}`;
        booked.push({
          date: o.businessDate,
          valueDate: o.businessDate,
          number: (p.document as { number?: string }).number ?? '',
          direction: 'debit',
          amount: { minor: p.document.amount.minor, currency },
          counterparty: p.document.beneficiary,
          ...((p.document as { knp?: string }).knp ? { knp: (p.document as { knp?: string }).knp! } : {}),
          purpose: (p.document as { purpose?: string }).purpose ?? '',
          documentKind: 'ПлатежноеПоручение',
          references: { accountServicer: entryId, messageId: p.messageId, endToEndId: p.endToEndId, paymentInfoId: p.paymentInfoId },
        });
        await answer(p.messageId, { tx: { status: 'ACSC', endToEndId: p.endToEndId, instructionId: p.instructionId, paymentInfoId: p.paymentInfoId, acceptedAt: `${o.businessDate}T10:00:00+05:00` } });
      }
      const debits = booked.reduce((a, e) => a + e.amount.minor, 0n);
      const statement: Statement = {
        account: o.account,
        currency,
        from: o.businessDate,
        to: o.businessDate,
        owner: { name: o.owner.name, ...(o.owner.binIin ? { binIin: o.owner.binIin } : {}) },
        openingBalance: { minor: opening, currency },
        totalCredits: { minor: 0n, currency },
        totalDebits: { minor: debits, currency },
        closingBalance: { minor: opening - debits, currency },
        operations: [...booked],
        kind: 'statement',
        id: `ST${o.businessDate.replace(/-/g, '')}`,
        sequence: String(++seq),
        createdAt: new Date(Date.now() + seq).toISOString(),
      };
      const parts: Uint8Array[] = [];
      for await (const c of camt053Writer.write([statement], { messageId: `CAMT${o.businessDate.replace(/-/g, '')}${seq}`, createdAt: statement.createdAt! })) parts.push(c);
      await deliver(`camt053_${o.account}_${o.businessDate}_${seq}.xml`, Buffer.concat(parts));
    });

  const timer = setInterval(() => void scan().catch(() => undefined), 100);
  timer.unref();

  return {
    received,
    scan,
    executeDue,
    deliver: (name, content) => serial(() => deliver(name, content)),
    async stop() {
      clearInterval(timer);
      await busy;
    },
  };
}
