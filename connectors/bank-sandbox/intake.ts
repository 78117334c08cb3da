// Receiving a signed document (POST /v1/documents, /v1/fx/orders): idempotency first (the same key returns the same
// document, a different request under it is refused), then signatures, accounts, requisites, duplicates and the
// execution date; the outcome is stored as accepted or rejected with a reason (reliability-security.md 2, 10 rows 2, 7, 9).
import { createHash } from 'node:crypto';
import type { DocumentStatus, SubmitRequest } from '../bank-api/contract.ts';
import type { ClientRow } from './clients-repo.ts';
import { isoAt } from './clock.ts';
import type { SandboxCore } from './core.ts';
import { tx } from './db.ts';
import { acceptedTwin, documentByKey, documentStatus, insertDocument, type Channel, type DocumentRow } from './documents-repo.ts';
import { amountMinor, debitedAccount, decodePayload, type PayloadDocument } from './envelope.ts';
import { bankId } from './ids.ts';
import { reason, Refusal, refuse } from './reasons.ts';
import { checkFxOrder, checkPayment, ownAccount } from './requisites.ts';
import { schedule, type Schedule } from './schedule.ts';
import { checkRights, verifySigners } from './signatures.ts';

export type IntakeOutcome =
  | { type: 'status'; status: DocumentStatus; replayed: boolean }
  | { type: 'mismatch'; bankId: string }
  | { type: 'malformed'; message: string };

/** What makes two requests "the same": the channel, the client's id and the signed bytes (a re-made signature over the same bytes is the same order). */
function requestHash(channel: Channel, body: SubmitRequest): string {
  return createHash('sha256').update(JSON.stringify([channel, body.client_document_id, body.payload_format, body.payload_b64])).digest('hex');
}

function replay(row: DocumentRow, hash: string): IntakeOutcome {
  return row.request_sha256 === hash ? { type: 'status', status: documentStatus(row), replayed: true } : { type: 'mismatch', bankId: row.bank_id };
}

function wrongChannel(channel: Channel, d: PayloadDocument): Refusal | null {
  if (channel === 'fx' && d.kind !== 'fx-order') return refuse('INVALID_REQUISITES', { en: `a ${d.kind} goes to /v1/documents`, ru: `документ ${d.kind} отправляется в /v1/documents`, kk: `${d.kind} құжаты /v1/documents арқылы жіберіледі` });
  if (channel === 'documents' && d.kind === 'fx-order') return refuse('INVALID_REQUISITES', { en: 'an FX order goes to /v1/fx/orders', ru: 'заявка на конвертацию отправляется в /v1/fx/orders', kk: 'айырбастау өтінімі /v1/fx/orders арқылы жіберіледі' });
  return null;
}

/** Every check that needs no lock (signature verification is async); the duplicate check runs later inside the write transaction. */
async function judge(core: SandboxCore, client: ClientRow, channel: Channel, d: PayloadDocument, bytes: Buffer, body: SubmitRequest, now: number): Promise<Refusal | Schedule> {
  const misplaced = wrongChannel(channel, d);
  if (misplaced) return misplaced;
  const cms = body.signatures.map((s) => Buffer.from(s.cms_b64, 'base64'));
  const signers = await verifySigners(core.db, client, bytes, cms, new Date(now));
  if (signers instanceof Refusal) return signers;
  const debited = ownAccount(core, client, debitedAccount(d));
  if (debited instanceof Refusal) return debited;
  const rights = checkRights(core.db, client, signers, { account: debited.iban, kind: d.kind, amountMinor: amountMinor(d), currency: d.amount.currency });
  if (rights) return rights;
  const bad = d.kind === 'fx-order' ? checkFxOrder(core, client, debited, d) : checkPayment(core, debited, d);
  if (bad) return bad;
  const plan = schedule(core, now, d.kind === 'fx-order' ? undefined : d.valueDate);
  if (plan.afterCutoff && core.config.after_cutoff === 'reject') {
    return refuse('AFTER_CUTOFF', { en: `the cut-off is ${core.config.cutoff}`, ru: `время окончания приёма ${core.config.cutoff}`, kk: `қабылдау уақыты ${core.config.cutoff} дейін` });
  }
  return plan;
}

export interface IntakeItem {
  idempotencyKey: string;
  body: SubmitRequest;
}

/** An item judged outside the lock: either already answered (replay, malformed) or waiting for its commit. */
type Judged = { done: IntakeOutcome } | { hash: string; d: PayloadDocument; verdict: Refusal | Schedule; item: IntakeItem };

export async function intake(core: SandboxCore, client: ClientRow, channel: Channel, idempotencyKey: string, body: SubmitRequest): Promise<IntakeOutcome> {
  return (await intakeMany(core, client, channel, [{ idempotencyKey, body }]))[0]!;
}

/**
 * Several documents of one client (POST /v1/documents/batch): each judged as a single submission would be, then all
 * stored in one commit — one fsync of the bank's books for the whole batch. Outcomes in the items' order.
 */
export async function intakeMany(core: SandboxCore, client: ClientRow, channel: Channel, items: readonly IntakeItem[]): Promise<IntakeOutcome[]> {
  const now = core.clock.now();
  const judged: Judged[] = [];
  for (const item of items) {
    const hash = requestHash(channel, item.body);
    const seen = documentByKey(core.db, client.client_id, item.idempotencyKey);
    if (seen) {
      judged.push({ done: replay(seen, hash) });
      continue;
    }
    const decoded = decodePayload(item.body.payload_b64);
    if (!decoded.ok) {
      judged.push({ done: { type: 'malformed', message: decoded.message } });
      continue;
    }
    judged.push({ hash, d: decoded.document, verdict: await judge(core, client, channel, decoded.document, decoded.bytes, item.body, now), item });
  }
  return tx(core.db, () => judged.map((j) => ('done' in j ? j.done : store(core, client, channel, j, now))));
}

/** Inside the write transaction: the races and duplicates only the lock can settle, then the row. */
function store(core: SandboxCore, client: ClientRow, channel: Channel, j: Extract<Judged, { hash: string }>, now: number): IntakeOutcome {
  const { hash, d, item } = j;
  // A concurrent request (or an earlier item of the same batch) with the same key may have won while signatures were verified.
  const raced = documentByKey(core.db, client.client_id, item.idempotencyKey);
  if (raced) return replay(raced, hash);
  const payer = debitedAccount(d);
  let outcome: Refusal | Schedule = j.verdict;
  if (!(outcome instanceof Refusal) && payer) {
    const twin = acceptedTwin(core.db, payer, d.number, d.date);
    if (twin) outcome = refuse('DUPLICATE_DOCUMENT', { en: `№${d.number} of ${d.date}, bank id ${twin.bank_id}`, ru: `№${d.number} от ${d.date}, банковский номер ${twin.bank_id}`, kk: `№${d.number}, ${d.date}, банк нөмірі ${twin.bank_id}` });
  }
  const accepted = !(outcome instanceof Refusal);
  const row: DocumentRow = {
    bank_id: bankId('document', now),
    client_id: client.client_id,
    idempotency_key: item.idempotencyKey,
    request_sha256: hash,
    channel,
    client_document_id: item.body.client_document_id,
    kind: d.kind,
    number: d.number,
    doc_date: d.date,
    payer_account: payer,
    document: JSON.stringify(d),
    status: accepted ? 'accepted' : 'rejected',
    reason: null,
    received_at: isoAt(now),
    execution_date: null,
    execute_at: null,
    executed_at: null,
    entry_bank_id: null,
  };
  if (outcome instanceof Refusal) {
    row.reason = JSON.stringify(outcome.reason);
  } else {
    row.execution_date = outcome.date;
    row.execute_at = outcome.executeAt;
    if (outcome.afterCutoff) {
      row.reason = JSON.stringify(reason('AFTER_CUTOFF', { en: `to be executed on ${outcome.date}`, ru: `будет исполнен ${outcome.date}`, kk: `${outcome.date} орындалады` }));
    }
  }
  insertDocument(core.db, row);
  core.logger.info({ bankId: row.bank_id, client: client.client_id, kind: d.kind, status: row.status, reason: outcome instanceof Refusal ? outcome.reason.code : null }, 'document received');
  return { type: 'status', status: documentStatus(row), replayed: false };
}
