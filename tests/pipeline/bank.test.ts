// The gateway's bank side against the real sandbox bank (in process, HTTPS, pinned): signed documents are sent
// once, followed to executed, reported to 1C (status files, statements stored once); bank faults never make a
// second payment; a crash after the bank accepted is reconciled by asking, not by resending.
import { readCamt } from '../../plugins/format-iso20022/index.ts';
import { readMt940 } from '../../plugins/format-mt940/index.ts';
import type { StatementItem } from '../../gateway/core/plugin.ts';
import type { Statement } from '../../gateway/core/model/statement.ts';
import { xmllintAvailable, xsdValidate } from '../format-iso20022/xmllint.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { systemClock } from '../../gateway/core/clock.ts';
import { startBank, type RunningBank } from '../../gateway/bank/run.ts';
import { idempotencyKeyOf, createSubmitHandler } from '../../gateway/pipeline/submit.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { getKey } from '../../gateway/store/keys-repo.ts';
import { recordAttempt, recordSendStarted, getSubmission } from '../../gateway/store/submissions-repo.ts';
import { showForSigning, signDocuments } from '../../signer/sign-documents.ts';
import { KEY_PASSWORD, signingBench } from '../signer/helpers.ts';

type Bench = ReturnType<typeof signingBench>;

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function* chunksOf(b: Uint8Array) {
  yield b;
}
async function statementsOf(items: AsyncIterable<StatementItem>): Promise<Statement[]> {
  const out: Statement[] = [];
  for await (const i of items) {
    if (i.type === 'issue' && i.severity === 'error') throw new Error(`${i.code}: ${i.message}`);
    if (i.type === 'statement') out.push(i.statement);
  }
  return out;
}

/** Stores n payment orders, signs them with a single-right key, starts the bank side on the embedded sandbox. */
async function setup(n: number, formats: string[] = ['1c']) {
  const b = signingBench();
  const e = await b.signer('director', ['*=single']);
  const ids = await b.documents(n);
  const session = await e.provider.open(e.key.id, KEY_PASSWORD);
  const items = (await showForSigning(b.store, ids)).map((s) => ({ documentId: s.documentId, sha256: s.sha256 }));
  await signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: e.user, key: (await getKey(b.store.sql, e.key.id))!, session, items });
  const root = path.join(b.dir, 'mailbox');
  const cfg = configSchema.parse({
    data: { dir: path.join(b.dir, 'data') },
    bank: { connector: 'sandbox', sandbox: { dir: path.join(b.dir, 'sandbox') }, status_poll_ms: 3_600_000, statements: { schedule: '0 0 1 1 *', formats } },
    mailboxes: { default: { root } },
  });
  // Every day a business day until late evening: the test passes on any day and hour.
  const bank = await startBank({ cfg, store: b.store, queue: b.queue, logger: b.logger, env: {}, policy: b.policy, mailboxRoot: () => root, sandboxConfig: { weekend: [], public_holidays: 'none', cutoff: '23:59', execution_delay_ms: 50, tick_ms: 50 } });
  const sandboxDocs = () => {
    const db = new Database(path.join(b.dir, 'sandbox', 'sandbox.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { b, ids, bank, root, sandboxDocs };
}

const states = async (b: Bench, ids: string[]) => {
  const out: string[] = [];
  for (const id of ids) out.push((await getDocument(b.store.sql, id))!.state);
  return out;
};

describe('bank side on the embedded sandbox', () => {
  it('sends signed documents once, follows them to executed, writes status files and stores statement entries once', { timeout: 30_000 }, async () => {
    const { b, ids, bank, root, sandboxDocs } = await setup(2, ['1c', 'camt.053', 'mt940']);
    try {
      await bank.scheduler.tick();
      await until('accepted', async () => (await states(b, ids)).every((s) => s === 'accepted' || s === 'executed'));
      await until('executed', async () => {
        await bank.scheduler.pollStatuses();
        return (await states(b, ids)).every((s) => s === 'executed');
      });
      expect(sandboxDocs()).toBe(2);
      await bank.scheduler.writeStatusFiles();
      const files = readdirSync(path.join(root, 'out/status'));
      expect(files).toHaveLength(2);
      for (const f of files) expect(readFileSync(path.join(root, 'out/status', f), 'utf8')).toContain('Состояние=executed');
      const first = await bank.scheduler.syncStatements();
      const again = await bank.scheduler.syncStatements();
      expect(first.added).toBeGreaterThanOrEqual(2);
      expect(again.added).toBe(0);
      const entries = b.store.sqlite.prepare('SELECT document_id FROM statement_entries WHERE document_id IS NOT NULL ORDER BY document_id').pluck().all();
      expect(entries).toEqual([...ids].sort());
      expect(readdirSync(path.join(root, 'out')).filter((n) => n.startsWith('kl_to_1c_'))).toHaveLength(1);
      // The same day's statement in every configured format, each naming the same operations.
      const out = readdirSync(path.join(root, 'out'));
      const camt = out.filter((n) => /^camt053_KZ\w+_\d{8}\.xml$/.test(n));
      const mt940 = out.filter((n) => /^mt940_KZ\w+_\d{8}\.sta$/.test(n));
      expect([camt.length, mt940.length]).toEqual([1, 1]);
      const camtBytes = readFileSync(path.join(root, 'out', camt[0]!));
      if (xmllintAvailable) expect(xsdValidate(camtBytes, 'camt.053.001.08.xsd')).toEqual({ ok: true, errors: [] });
      const fromCamt = await statementsOf(readCamt(chunksOf(camtBytes)));
      const fromMt = await statementsOf(readMt940(readFileSync(path.join(root, 'out', mt940[0]!))));
      expect(fromCamt.map((st) => st.operations.length)).toEqual(fromMt.map((st) => st.operations.length));
      expect(fromCamt[0]!.operations.length).toBeGreaterThanOrEqual(2);
      expect(fromMt[0]!.closingBalance).toEqual(fromCamt[0]!.closingBalance);
      // Another tick sends nothing again.
      await bank.scheduler.tick();
      expect(sandboxDocs()).toBe(2);
      expect((await verifyAudit(b.store.sql)).ok).toBe(true);
    } finally {
      await bank.stop();
    }
  });

  it('bank answers 500 twice: the submission is retried and the bank holds exactly one document', { timeout: 30_000 }, async () => {
    const { b, ids, bank, sandboxDocs } = await setup(1);
    try {
      bank.bank.sandbox!.admin.setFaults({ error_rate: { value: 1, next: 2 } });
      await bank.scheduler.tick();
      await until('accepted', async () => ['accepted', 'executed'].includes((await states(b, ids))[0]!), 20_000);
      expect(sandboxDocs()).toBe(1);
    } finally {
      await bank.stop();
    }
  });

  it('connection reset after the bank accepted: resolved by a status query, never a second document', { timeout: 30_000 }, async () => {
    const { b, ids, bank, sandboxDocs } = await setup(1);
    try {
      bank.bank.sandbox!.admin.setFaults({ reset_after_accept: { value: true, next: 1 } });
      await bank.scheduler.tick();
      await until('accepted', async () => ['accepted', 'executed'].includes((await states(b, ids))[0]!), 20_000);
      expect(sandboxDocs()).toBe(1);
    } finally {
      await bank.stop();
    }
  });

  it('gateway crashed after the bank accepted but before the answer was stored: the restart asks the bank and reconciles', { timeout: 30_000 }, async () => {
    const { b, ids, bank, sandboxDocs } = await setup(1);
    const id = ids[0]!;
    try {
      // The first life of the gateway: "send started" committed, the call made, then the process died before storing the answer.
      const doc = (await getDocument(b.store.sql, id))!;
      await recordSendStarted(b.store.sql, { documentId: id, connector: 'bank-sandbox', idempotencyKey: idempotencyKeyOf(id), payloadSha256: 'x', fromState: 'signed' });
      await recordAttempt(b.store.sql, id);
      const cms = b.store.sqlite.prepare('SELECT cms FROM signatures WHERE document_id = ?').pluck().all(id) as Buffer[];
      await bank.session.submit({ id, document: doc.document, payload: bank.session.signingPayload({ id, document: doc.document }), signatures: cms.map((c) => new Uint8Array(c)) }, idempotencyKeyOf(id));
      expect(sandboxDocs()).toBe(1);
      expect((await getSubmission(b.store.sql, id))!.bankId).toBeNull();
      // The restarted gateway's submit job.
      const submit = createSubmitHandler({ store: b.store, connector: bank.bank.session, connectorName: 'bank-sandbox', policy: b.policy, logger: b.logger });
      await submit({ id: `submit:${id}`, queue: 'submit', name: 'submit', data: { documentId: id }, attempt: 1, maxAttempts: 5, createdAt: Date.now() });
      expect(sandboxDocs()).toBe(1);
      expect((await getSubmission(b.store.sql, id))!.bankId).not.toBeNull();
      expect(['accepted', 'executed']).toContain((await getDocument(b.store.sql, id))!.state);
      const ev = (await listEntityEvents(b.store.sql, 'document', id)).find((e) => e.type === 'document.bank-status')!;
      expect(ev.data).toMatchObject({ how: 'status' });
    } finally {
      await bank.stop();
    }
  });

  it('holds a document whose signatures no longer verify instead of sending it', { timeout: 30_000 }, async () => {
    const { b, ids, bank, sandboxDocs } = await setup(1);
    try {
      b.store.sqlite.prepare('UPDATE documents SET body_json = replace(body_json, ?, ?) WHERE id = ?').run('"number":"1"', '"number":"1X"', ids[0]);
      await bank.scheduler.tick();
      await until('held', async () => (await states(b, ids))[0] === 'held');
      expect(sandboxDocs()).toBe(0);
    } finally {
      await bank.stop();
    }
  });
});
