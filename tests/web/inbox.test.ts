// The HTTP inbox through app.request(): a real store, blob store, intake and parse worker (memory queue), 1C files from
// gen-1c — results in the answer, refusals kept in error/, limits, rights, CSRF, idempotency keys and the 202 → poll path.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../gateway/core/logger.ts';
import { createMemoryQueue } from '../../gateway/queue/memory-queue.ts';
import { createBlobStore } from '../../gateway/store/blob-store.ts';
import { realPipeline } from '../pipeline/real-pipeline.ts';
import { encodeSingleByte } from '../../plugins/format-1c-kz/charsets.ts';
import { gen1cText, type Gen1cOptions } from '../fixtures/gen-1c.ts';
import { findUserByLogin } from '../../gateway/store/users-repo.ts';
import { inboxClaimId } from '../../gateway/inbox/claim-id.ts';
import { writeUpload } from '../../gateway/inbox/upload.ts';
import { folderLayout, startFolderSource } from '../../plugins/source-folder/index.ts';
import { tempStore } from '../store/helpers.ts';
import { ORIGIN, webHarness } from './harness.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A gateway's intake and parse worker behind the web app; `slow` holds every parse until released. */
async function bench(opts: { inbox?: boolean; slow?: boolean } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-inbox-'));
  const root = path.join(dir, 'default');
  const small = path.join(dir, 'small');
  const roots = new Map([['default', root], ['small', small]]);
  const store = tempStore(path.join(dir, 'data'));
  const blobs = createBlobStore(path.join(dir, 'data/blobs'));
  const queue = createMemoryQueue();
  const { deliver, parser: worker, release } = realPipeline({ store, blobs, queue, roots, slow: opts.slow ?? false, parseOptions: { pollMs: 5 } });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => blobs.close(), () => queue.close(), () => worker.close());
  // 'broken': its root is a plain file, as when a share is not mounted where a folder should be.
  const broken = path.join(dir, 'not-a-folder');
  writeFileSync(broken, '');
  const h = webHarness({ mailboxes: { default: { root }, small: { root: small, max_bytes: 100 }, broken: { root: broken } } }, { store, ...(opts.inbox === false ? {} : { inbox: { deliver } }) });
  await h.user('anna', { rights: ['*=none:prepare'] });
  await h.user('victor', { rights: ['*=none'] });
  await h.user('root', { admin: true });
  const tokens = { anna: await h.token('anna'), victor: await h.token('victor'), root: await h.token('root') };

  function post(query: string, body: string | Buffer, o: { as?: keyof typeof tokens; headers?: Record<string, string> } = {}) {
    const headers = new Headers({ authorization: `Bearer ${tokens[o.as ?? 'anna']}`, 'content-type': 'application/octet-stream', ...o.headers });
    return h.app.request(`${ORIGIN}/api/v1/inbox?${query}`, { method: 'POST', headers, body });
  }
  const get = (p: string) => h.app.request(`${ORIGIN}${p}`, { headers: { authorization: `Bearer ${tokens.anna}` } });
  const files = () => store.sqlite.prepare('SELECT id, name, state, mailbox FROM files ORDER BY rowid').all() as { id: string; name: string; state: string; mailbox: string }[];
  /** What is left in in/.processing/ (claimed files) and in its .upload/ (partial bodies). */
  const processing = (r = root) => ({
    claimed: readdirSync(path.join(r, 'in/.processing'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name),
    partial: existsSync(path.join(r, 'in/.processing/.upload')) ? readdirSync(path.join(r, 'in/.processing/.upload')) : [],
  });
  const events = (type: string) => store.sqlite.prepare('SELECT actor, data_json AS data FROM events WHERE type = ? ORDER BY seq').all(type) as { actor: string; data: string }[];
  return { h, store, root, small, deliver, post, get, files, processing, events, release: () => release() };
}

/** Answers are read loosely here: their shape is what the tests check. */
type Json = Record<string, any>;

const IBAN_OK = 'ПолучательИИК=KZ258562203100012345';

/** A payment file as 1C writes it: Windows-1251, as its `Кодировка=Windows` line says. */
const onec = (o: Gen1cOptions, edit = (t: string) => t) => Buffer.from(encodeSingleByte(edit(gen1cText(o)), 'windows-1251'));

describe('POST /api/v1/inbox', () => {
  it('takes a valid 1C file: 200 with its documents, archived, the same report as out/, the poster in the audit', async () => {
    const b = await bench();
    const bytes = onec({ firstNumber: 101, documents: 3 });
    const res = await b.post('name=1c_to_kl.txt&lang=ru', bytes);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ state: 'parsed', report: { file: '1c_to_kl.txt', format: '1c.kz', accepted: true, issues: [], summary: { documents: 3, valid: 3, invalid: 0 } } });
    expect(body.report.file_id).toBe(body.file_id);
    expect(body.report.documents.map((d: Json) => [d.number, d.kind, d.valid, d.currency])).toEqual([['101', 'payment', true, 'KZT'], ['102', 'payment', true, 'KZT'], ['103', 'payment', true, 'KZT']]);
    expect(typeof body.report.documents[0].amount).toBe('string');
    expect(body.documents).toEqual([1, 2, 3].map((index) => ({ index, id: expect.stringMatching(/^[0-9A-Z]{26}$/), state: 'awaiting-signature' })));

    // The out/ report was written for it too: the answer is its content, word for word (both in Russian here) — all
    // but the encoding the format sniffed, which only out/ knows.
    const out = JSON.parse(readFileSync(path.join(b.root, 'out/1c_to_kl.txt.result.json'), 'utf8')) as Json;
    expect(out).toMatchObject({ file_id: body.file_id, encoding: 'windows-1251' });
    expect(body.report.encoding).toBeNull();
    expect({ ...body.report, encoding: out.encoding }).toEqual(out);

    // The bytes are archived like a dropped file's; nothing lingers in .processing/.
    const day = readdirSync(path.join(b.root, 'archive'));
    expect(readFileSync(path.join(b.root, 'archive', day[0]!, '1c_to_kl.txt')).equals(bytes)).toBe(true);
    expect(b.processing()).toEqual({ claimed: [], partial: [] });
    expect(b.events('file.received').map((e) => e.actor)).toEqual(['anna']);
  });

  it("answers 200 with a bad document's issues in the language of the request; the good one is kept", async () => {
    const b = await bench();
    const bytes = onec({ firstNumber: 7, documents: 2 }, (t) => t.replace(IBAN_OK, 'ПолучательИИК=KZ258562203100012346'));
    const res = await b.post('name=pay.txt&lang=en', bytes);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ state: 'parsed', report: { accepted: true, issues: [], summary: { documents: 2, valid: 1, invalid: 1 } } });
    const [bad, good] = body.report.documents as Json[];
    expect(good).toMatchObject({ number: '8', valid: true, issues: [] });
    expect(bad).toMatchObject({ number: '7', valid: false });
    const err = (bad!.issues as Json[]).find((i) => i.severity === 'error')!;
    expect(err).toMatchObject({ code: 'VAL_IBAN_CHECKSUM', field: expect.any(String), line: expect.any(Number) });
    expect(err.message).toMatch(/^[\x20-\x7e]+$/); // English, not Russian
    expect(body.documents.map((d: Json) => d.state)).toEqual(['invalid', 'awaiting-signature']);
  });

  it('refuses a file of unknown format with 422 and its issues; the file is kept in error/ with its .err', async () => {
    const b = await bench();
    const res = await b.post('name=notes.txt&lang=kk', 'hello, this is not a payment file\n', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ state: 'rejected', error: { code: 'FMT_UNKNOWN', issues: [{ code: 'FMT_UNKNOWN', severity: 'error', line: null }] } });
    expect(body.error.message).toMatch(/^Файл пішімі танылмады/); // Kazakh, from the catalogue
    expect(readFileSync(path.join(b.root, 'error/notes.txt'), 'utf8')).toBe('hello, this is not a payment file\n');
    expect(readFileSync(path.join(b.root, 'error/notes.txt.err'), 'utf8')).toContain('FMT_UNKNOWN');
    expect(existsSync(path.join(b.root, 'error/notes.txt.err.json'))).toBe(true);
    expect(b.processing()).toEqual({ claimed: [], partial: [] });
    // Its record and report can be read back.
    const detail = (await (await b.get(`/api/v1/files/${body.file_id}`)).json()) as Json;
    expect(detail).toMatchObject({ file: { state: 'rejected', name: 'notes.txt' }, report: { accepted: false, documents: [], issues: [{ code: 'FMT_UNKNOWN' }] }, documents: [] });
    // An empty body is refused the same way (and kept, as an empty dropped file is).
    const empty = await b.post('name=empty.txt', '');
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as Json).error.code).toBe('SRC_FILE_EMPTY');
    expect(existsSync(path.join(b.root, 'error/empty.txt.err'))).toBe(true);
  });

  it('refuses the same bytes a second time as a duplicate (422), the first stays the accepted one', async () => {
    const b = await bench();
    const text = onec({ firstNumber: 1, documents: 1 });
    expect((await b.post('name=a.txt', text)).status).toBe(200);
    const again = await b.post('name=b.txt&lang=en', text);
    expect(again.status).toBe(422);
    expect(((await again.json()) as Json).error.code).toBe('SRC_DUPLICATE_FILE');
    expect(b.files().map((f) => f.state)).toEqual(['parsed', 'rejected']);
  });

  it("answers 413 above the mailbox's max_bytes, counted while streaming or from Content-Length; nothing stored", async () => {
    const b = await bench();
    const big = 'x'.repeat(101);
    const streamed = await b.post('name=big.txt&mailbox=small&lang=en', big);
    expect(streamed.status).toBe(413);
    const e = ((await streamed.json()) as Json).error;
    expect(e.code).toBe('SRC_FILE_TOO_LARGE');
    expect(e.message).toContain("mailbox 'small' takes at most 100 bytes");
    // The header alone decides: refused before a byte of the body is read.
    const declared = await b.post('name=big.txt&mailbox=small', 'tiny', { headers: { 'content-length': '101' } });
    expect(declared.status).toBe(413);
    expect(b.files()).toEqual([]);
    expect(b.processing(b.small)).toEqual({ claimed: [], partial: [] });
    expect(existsSync(path.join(b.small, 'error'))).toBe(false);
  });

  it('answers 400 without a name, with a path in it, or for an unknown mailbox; 415 for another content type', async () => {
    const b = await bench();
    const none = await b.post('', 'x');
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: { code: 'API_BAD_QUERY', problems: [{ param: 'name', message: expect.stringContaining('?name=') }] } });
    for (const bad of ['..%2Fetc%2Fpasswd', 'a%5Cb.txt', 'x'.repeat(256), '.hidden', 'con.txt', 'a%3Ab.txt']) {
      const r = await b.post(`name=${bad}`, 'x');
      expect(r.status, bad).toBe(400);
    }
    const box = await b.post('name=a.txt&mailbox=nowhere&lang=en', 'x');
    expect(box.status).toBe(400);
    expect(((await box.json()) as Json).error).toMatchObject({ code: 'SRC_UNKNOWN_MAILBOX', message: expect.stringContaining('configured: default, small, broken') });
    expect((await b.post('name=a.txt&wait_ms=60001', 'x')).status).toBe(400);
    expect((await b.post('name=a.txt', 'x', { headers: { 'idempotency-key': 'a\tb' } })).status).toBe(400);
    const form = await b.post('name=a.txt', 'x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(b.files()).toEqual([]);
  });

  it('refuses users who may not prepare documents — a viewer, an administrator — with 403, audited', async () => {
    const b = await bench();
    for (const who of ['victor', 'root'] as const) {
      const r = await b.post('name=a.txt', onec({ firstNumber: 1, documents: 1 }), { as: who });
      expect(r.status, who).toBe(403);
      expect(((await r.json()) as Json).error.code).toBe('AUTH_FORBIDDEN');
    }
    const refused = b.events('web.refused').map((e) => ({ actor: e.actor, ...(JSON.parse(e.data) as Json) }));
    expect(refused).toEqual([expect.objectContaining({ actor: 'victor', reason: 'forbidden', need: 'prepare', path: '/api/v1/inbox' }), expect.objectContaining({ actor: 'root', need: 'prepare' })]);
    expect(b.files()).toEqual([]);
  });

  it('applies CSRF to a session: another Origin or a missing token is refused (audited), the same origin with X-CSRF-Token passes', async () => {
    const b = await bench();
    const client = b.h.client();
    expect((await client.login('anna', 'Correct horse anna battery')).status).toBe(303);
    const text = onec({ firstNumber: 1, documents: 1 });
    const send = (headers: Record<string, string>) => client.request('/api/v1/inbox?name=s.txt', { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: text });
    const cross = await send({ origin: 'https://evil.example', 'x-csrf-token': client.csrf! });
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as Json).error.code).toBe('AUTH_CSRF');
    const noToken = await send({});
    expect(noToken.status).toBe(403);
    expect(b.events('web.refused').map((e) => (JSON.parse(e.data) as Json).check)).toEqual(['origin', 'token']);
    expect(b.files()).toEqual([]);
    const ok = await send({ 'x-csrf-token': client.csrf! });
    expect(ok.status).toBe(200);
    expect(b.events('file.received').map((e) => e.actor)).toEqual(['anna']);
  });

  it('gives the same answer for the same Idempotency-Key, one file; another file under that key is a 409', async () => {
    const b = await bench();
    const text = onec({ firstNumber: 40, documents: 2 });
    const key = { 'idempotency-key': 'erp-batch-2025-01-15-001' };
    // A client retrying while its first attempt still runs, then once more afterwards.
    const [a, c] = await Promise.all([b.post('name=k.txt', text, { headers: key }), b.post('name=k.txt', text, { headers: key })]);
    const later = await b.post('name=k.txt', text, { headers: key });
    const answers = await Promise.all([a, c, later].map(async (r) => ({ status: r.status, body: await r.json() })));
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(b.files()).toHaveLength(1);
    expect(readdirSync(path.join(b.root, 'archive', readdirSync(path.join(b.root, 'archive'))[0]!))).toEqual(['k.txt']);

    const other = await b.post('name=k.txt&lang=en', onec({ firstNumber: 50, documents: 1 }), { headers: key });
    expect(other.status).toBe(409);
    expect(((await other.json()) as Json).error.code).toBe('SRC_IDEMPOTENCY_CONFLICT');
    expect(b.files()).toHaveLength(1);
    expect(b.processing()).toEqual({ claimed: [], partial: [] });
  });

  it('an upload cut off by a stop before its answer is finished by the folder recovery; the retry with its key gets that file', async () => {
    const b = await bench();
    const bytes = onec({ firstNumber: 60, documents: 1 });
    const key = 'erp-retry-1';
    // What a stop right after the upload leaves: a complete claim in .processing/ under the key's claim id, no record.
    const claimId = inboxClaimId((await findUserByLogin(b.store.sql, 'anna'))!.id, key);
    await writeUpload(new Response(bytes).body, { layout: folderLayout(b.root), mailbox: 'default', name: 'r.txt', claimId, maxBytes: 1000_000, actor: 'anna' });
    expect(b.processing().claimed).toEqual([`${claimId}__r.txt`]);
    // The next start: the folder source's recovery delivers it under the same claim and archives it.
    const source = startFolderSource({ mailbox: 'default', root: b.root, rescanIntervalMs: 0 }, { logger: silentLogger, deliver: b.deliver });
    await source.ready;
    await source.stop();
    expect(b.processing()).toEqual({ claimed: [], partial: [] });
    const retry = await b.post('name=r.txt', bytes, { headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Json).report.summary).toEqual({ documents: 1, valid: 1, invalid: 0 });
    expect(b.files()).toEqual([expect.objectContaining({ name: 'r.txt', state: 'parsed' })]);
  });

  it('answers 202 with a link when the parse outlasts wait_ms; GET /api/v1/files/{id} then shows the result', async () => {
    const b = await bench({ slow: true });
    const res = await b.post('name=slow.txt&wait_ms=20', onec({ firstNumber: 5, documents: 2 }));
    expect(res.status).toBe(202);
    const body = (await res.json()) as Json;
    expect(body).toEqual({ file_id: expect.any(String), state: 'received', poll: `/api/v1/files/${body.file_id}` });
    expect(res.headers.get('location')).toBe(body.poll);
    const before = (await (await b.get(body.poll)).json()) as Json;
    expect(before).toMatchObject({ file: { state: 'received' }, report: null, documents: [] });
    // The file is safe before its parse: archived, recorded.
    expect(b.processing()).toEqual({ claimed: [], partial: [] });

    b.release();
    let after: Json = before;
    for (let i = 0; i < 200 && after.file.state === 'received'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      after = (await (await b.get(body.poll)).json()) as Json;
    }
    expect(after).toMatchObject({ file: { id: body.file_id, state: 'parsed' }, report: { accepted: true, summary: { documents: 2, valid: 2 } } });
    expect(after.documents).toHaveLength(2);
  });

  it('answers 503 when the gateway has no HTTP inbox wired, or when the mailbox folder cannot be written', async () => {
    const none = await bench({ inbox: false });
    const r = await none.post('name=a.txt&lang=en', 'x');
    expect(r.status).toBe(503);
    expect(((await r.json()) as Json).error.code).toBe('SRC_INBOX_NOT_CONFIGURED');

    const b = await bench();
    const w = await b.post('name=a.txt&mailbox=broken&lang=en', onec({ firstNumber: 1, documents: 1 }));
    expect(w.status).toBe(503);
    expect(w.headers.get('retry-after')).toBe('30');
    expect(((await w.json()) as Json).error).toMatchObject({ code: 'SRC_FOLDER_UNAVAILABLE', message: expect.stringContaining("mailbox 'broken' cannot be written (ENOTDIR)") });
    expect(b.files()).toEqual([]);
  });

  it('is described in the OpenAPI document with GET /api/v1/files/{id}', async () => {
    const b = await bench();
    const doc = (await (await b.h.app.request('/api/openapi.json')).json()) as Json;
    const post = doc.paths['/api/v1/inbox'].post;
    expect(Object.keys(post.requestBody.content).sort()).toEqual(['application/octet-stream', 'text/plain']);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '403', '413', '422', '503']));
    expect(post.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['name', 'mailbox', 'wait_ms', 'idempotency-key']));
    expect(Object.keys(doc.paths['/api/v1/files/{id}'])).toEqual(['get']);
  });
});
