// Submitting a signed document as files: the pain.001 rendering, the signed payload and one detached CMS per
// signature, uploaded atomically under names derived from the idempotency key. The key is recorded before the first
// byte goes out, so a repeat (after a crash, a lost answer, a retry) finds the first upload and never makes a second.
import { createHash } from 'node:crypto';
import type { BankStatus, SignedSubmission } from '../../gateway/core/connector.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { Logger } from '../../gateway/core/logger.ts';
import { pain001Writer } from '../../plugins/format-iso20022/pain/index.ts';
import { namesFor } from './naming.ts';
import type { Retried } from './retry.ts';
import type { SftpState, SubmissionRecord } from './state.ts';
import type { SftpTransport } from './transport.ts';
import { uploadAtomically } from './upload.ts';

/** Kinds a pain.001 carries; FX orders, salary/pension lists and letters go by other channels. */
const CARRIED = new Set(['payment', 'budget', 'fx-payment']);

export interface SubmitDeps {
  transport: SftpTransport;
  retried: Retried;
  state: SftpState;
  uploadDir: string;
  profile: Readonly<Record<string, unknown>>;
  logger: Logger;
  /** Reads the download folder now: before a key whose upload outcome is open is sent again, the bank's answers are read. */
  readAnswers(): Promise<void>;
}

async function render(doc: SignedSubmission, rec: Pick<SubmissionRecord, 'messageId' | 'createdAt'>, profile: Readonly<Record<string, unknown>>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  // EndToEndId = MsgId: the id pain.002 and camt quote back is the document's bank id (a gateway id may exceed 35 chars).
  for await (const chunk of pain001Writer.write([doc.document], { messageId: rec.messageId, createdAt: rec.createdAt, profile, documentIds: [rec.messageId] })) parts.push(chunk);
  return Buffer.concat(parts);
}

/** What the connector knows of a recorded submission: the bank's last word, or 'received' once the file is in place. */
export function statusOf(state: SftpState, key: string, rec: SubmissionRecord): BankStatus {
  const s = state.data.statuses[rec.messageId];
  return {
    bankId: rec.messageId,
    idempotencyKey: key,
    state: s?.state ?? 'received',
    reason: s?.reason ?? null,
    executionDate: s?.executionDate ?? null,
    entryBankId: s?.entryBankId ?? null,
  };
}

export async function submitDocument(deps: SubmitDeps, doc: SignedSubmission, key: string): Promise<BankStatus> {
  const names = namesFor(key);
  const payloadSha256 = createHash('sha256').update(doc.payload).digest('hex');
  const log = deps.logger.child({ idempotencyKey: key, documentId: doc.id, bankId: names.messageId });
  const rec = deps.state.data.submissions[key];
  if (rec && rec.payloadSha256 !== payloadSha256) {
    throw new GatewayError('CONN_IDEMPOTENCY_MISMATCH', `idempotency key ${key} was first used for other signed content (document ${rec.documentId}); nothing sent`, {
      idempotencyKey: key,
      firstDocumentId: rec.documentId,
      documentId: doc.id,
      sent: false,
    });
  }
  if (rec?.uploaded) return statusOf(deps.state, key, rec);
  if (!CARRIED.has(doc.document.kind)) {
    throw new GatewayError('CONN_NOT_SUPPORTED', `a ${doc.document.kind} document cannot be sent as a pain.001 over SFTP (payments, budget and FX payments only)`, { kind: doc.document.kind, sent: false });
  }
  const fresh = { messageId: names.messageId, createdAt: rec?.createdAt ?? new Date().toISOString() };
  // Rendered before the key is recorded: a document the writer refuses (FMT_ user error) leaves no trace.
  const xml = await render(doc, fresh, deps.profile);
  if (!rec) {
    const record: SubmissionRecord = { ...fresh, documentId: doc.id, payloadSha256, uploaded: false };
    await deps.state.update((d) => void (d.submissions[key] = record));
  } else {
    // An earlier try's outcome is open (crash, lost answer): the bank's answers are read before anything goes out again.
    await deps.readAnswers();
  }
  if (deps.state.data.statuses[names.messageId]) {
    // The bank has answered about this MsgId already: the file reached it, though the upload never completed here.
    await deps.state.update((d) => void (d.submissions[key]!.uploaded = true));
    return statusOf(deps.state, key, deps.state.data.submissions[key]!);
  }
  const companions = [{ name: names.payload, bytes: doc.payload }, ...names.signatures(doc.signatures.length).map((name, i) => ({ name, bytes: doc.signatures[i]! }))];
  const outcome = await deps.retried('submit', () => deps.transport.use(`upload ${names.xml}`, (sftp) => uploadAtomically(sftp, deps.uploadDir, companions, { name: names.xml, bytes: xml })));
  await deps.state.update((d) => void (d.submissions[key]!.uploaded = true));
  log.info({ file: names.xml, outcome, signatures: doc.signatures.length }, 'bank-sftp: document uploaded');
  return statusOf(deps.state, key, deps.state.data.submissions[key]!);
}
