// Employee-list side-cars are linked to their payment file in either arrival order (sample 09: CSV in cp1251).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createFormatRegistry } from '../../gateway/core/registry.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { newId } from '../../gateway/core/id.ts';
import { openStore } from '../../gateway/store/db.ts';
import { createBlobStore } from '../../gateway/store/blob-store.ts';
import { createMemoryQueue } from '../../gateway/queue/memory-queue.ts';
import { createIntake } from '../../gateway/pipeline/intake.ts';
import { createParseHandler } from '../../gateway/pipeline/parse.ts';
import { builtinFormats } from '../../gateway/formats.ts';
import { createValidationContext, validateDocument } from '../../gateway/validate/index.ts';
import { findFileByClaimId, getFile } from '../../gateway/store/files-repo.ts';
import { listDocuments } from '../../gateway/store/documents-repo.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../samples/1c-kz/09-sidecar-csv-cp1251');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function bench() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-lists-'));
  const root = path.join(dir, 'mailbox');
  mkdirSync(path.join(root, 'in/.processing'), { recursive: true });
  const store = openStore({ dataDir: path.join(dir, 'data') });
  const blobs = createBlobStore(path.join(dir, 'data/blobs'));
  const queue = createMemoryQueue();
  cleanups.push(() => store.close(), () => rmSync(dir, { recursive: true, force: true }));
  const registry = createFormatRegistry(builtinFormats());
  const vctx = createValidationContext({ today: '2026-01-01' });
  const mailboxRoot = () => root;
  const deliver = createIntake({ store, blobs, registry, queue, logger: silentLogger, mailboxRoot });
  const parse = createParseHandler({ store, blobs, registry, logger: silentLogger, validate: (d, w) => validateDocument(d, vctx, w), mailboxRoot });
  /** Claims, records and parses one file as the gateway would; returns its file id. */
  async function receive(name: string, bytes: Buffer): Promise<string> {
    const claimId = newId();
    const p = path.join(root, 'in/.processing', `${claimId}__${name}`);
    writeFileSync(p, bytes);
    const d = await deliver({ mailbox: 'default', name, claimId, path: p, size: bytes.length, mtimeMs: Date.now() });
    expect(d, name).toEqual({ to: 'archive' });
    const id = (await findFileByClaimId(store.sql, claimId))!.id;
    await parse({ id: `parse:${id}`, queue: 'parse', name: 'parse-file', data: { fileId: id }, attempt: 1, maxAttempts: 1, createdAt: Date.now() }, new AbortController().signal);
    return id;
  }
  return { store, root, receive };
}

const payment = readFileSync(path.join(SAMPLE, 'input.txt'));
const csv = readFileSync(path.join(SAMPLE, 'input.csv'));
const listDocs = async (store: ReturnType<typeof bench>['store'], fileId: string) => (await listDocuments(store.sql, fileId)).filter((d) => 'rows' in d.document);

describe('employee-list side-cars', () => {
  it('a side-car received first is recognised, kept, and its lists attached when the payment file comes', async () => {
    const b = bench();
    const sideId = await b.receive('1c_to_kl.csv', csv);
    expect((await getFile(b.store.sql, sideId))).toMatchObject({ state: 'parsed', format: '1c.kz.employees' });
    const payId = await b.receive('1c_to_kl.txt', payment);
    const docs = (await listDocs(b.store, payId));
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      expect((d.document as { rows: unknown[] }).rows.length, `document ${d.number}`).toBeGreaterThan(0);
      expect(d.issues.map((i) => i.code)).not.toContain('FMT_LIST_MISSING');
      expect(d.issues.map((i) => i.code)).not.toContain('VAL_LIST_MISSING');
    }
  });

  it('a side-car received after its payment file completes the documents, re-validated, with an audit event', async () => {
    const b = bench();
    const payId = await b.receive('1c_to_kl.txt', payment);
    const before = (await listDocs(b.store, payId));
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((d) => (d.document as { rows: unknown[] }).rows.length === 0)).toBe(true);
    expect(before[0]!.issues.map((i) => i.code)).toContain('FMT_LIST_MISSING');
    await b.receive('1c_to_kl.csv', csv);
    const after = (await listDocs(b.store, payId));
    for (const d of after) {
      expect((d.document as { rows: unknown[] }).rows.length, `document ${d.number}`).toBeGreaterThan(0);
      expect(d.issues.map((i) => i.code)).not.toContain('FMT_LIST_MISSING');
      expect((await listEntityEvents(b.store.sql, 'document', d.id)).map((e) => e.type)).toEqual(['document.created', 'document.list-attached']);
    }
    expect((await verifyAudit(b.store.sql)).ok).toBe(true);
    // The side-car itself gets its result in out/, like every received file.
    expect(JSON.parse(readFileSync(path.join(b.root, 'out/1c_to_kl.csv.result.json'), 'utf8'))).toMatchObject({ format: '1c.kz.employees', accepted: true });
  });

  it('only employee lists are recognised: other CSV and XML files stay unknown formats', () => {
    const registry = createFormatRegistry(builtinFormats());
    const detect = (name: string, text: string) => registry.detect({ name, head: Buffer.from(text, 'latin1'), size: text.length })?.format ?? null;
    expect(detect('1c_to_kl.csv', csv.toString('latin1'))).toBe('1c.kz.employees');
    expect(detect('prices.csv', 'item;price\napple;10\n')).toBeNull();
    expect(detect('notes.xml', '<?xml version="1.0"?><notes/>')).toBeNull();
    expect(detect('list.txt', Buffer.from('Фамилия;Имя;ИИН\n').toString('latin1'))).toBeNull();
  });
});
