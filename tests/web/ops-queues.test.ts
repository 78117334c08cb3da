// The queues page and /api/v1/queues: counts per queue, jobs described from the store (never their raw data), search
// by number / file name / amount, and retry / discard of dead jobs — administrators only, audited, CSRF-protected.
import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../../gateway/queue/port.ts';
import { parseJobId } from '../../gateway/pipeline/states.ts';
import { submitJobId } from '../../gateway/pipeline/submit.ts';
import { opsBench } from './ops-bench.ts';

async function deadJob(queue: JobQueue, name: string, data: unknown, jobId: string): Promise<void> {
  const w = queue.process(name, async () => {
    throw new Error(`bank said no to ${jobId}`);
  }, { pollMs: 5 });
  await queue.add(name, 'job', data, { jobId, attempts: 1 });
  const until = Date.now() + 5000;
  while ((await queue.getJob(name, jobId))?.state !== 'dead') {
    if (Date.now() > until) throw new Error('job did not die');
    await new Promise((r) => setTimeout(r, 5));
  }
  await w.close();
}

async function bench() {
  const b = await opsBench([{ login: 'anna', rights: ['*=single'] }]);
  const [docId] = (await b.documents([{ number: '4711', minor: 1_500_000_00n, beneficiary: 'ТОО <i>Альфа</i>' }], '<img src=x onerror=alert(1)>.txt'));
  const fileId = b.h.store.sqlite.prepare('SELECT file_id FROM documents WHERE id = ?').pluck().get(docId) as string;
  // A secret-looking field in the data must never be shown: only the ids are used.
  await deadJob(b.queue, 'parse', { fileId, password: 'hunter2-secret' }, parseJobId(fileId));
  await deadJob(b.queue, 'submit', { documentId: docId }, submitJobId(docId!));
  const admin = await b.h.user('root', { admin: true });
  const viewer = await b.h.user('olga', { rights: ['*=none'] });
  const as = async (u: { login: string; password: string }) => {
    const c = b.h.client();
    expect((await c.login(u.login, u.password)).status).toBe(303);
    return c;
  };
  const events = (type: string) => b.h.store.sqlite.prepare('SELECT entity_type AS entityType, entity_id AS entityId, actor, data_json AS data FROM events WHERE type = ? ORDER BY seq').all(type) as { entityType: string; entityId: string; actor: string; data: string }[];
  return { ...b, docId: docId!, fileId, admin: await as(admin), viewer: await as(viewer), events };
}

describe('queues page', () => {
  it('everyone signed in sees every queue with its counts; dead jobs are described from the store, as text, without buttons for non-admins', async () => {
    const b = await bench();
    const res = await b.viewer.get('/queues?lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Parsing received files');
    expect(html).toContain('Sending to the bank');
    expect(html).toContain(`sign:${b.people.get('anna')!.keyId}`);
    expect(html).toContain('href="/queues?queue=parse&amp;state=dead"');
    const dead = await (await b.viewer.get('/queues?queue=parse&state=dead&lang=en')).text();
    expect(dead).toContain('&lt;img src=x onerror=alert(1)&gt;.txt');
    expect(dead).not.toContain('<img src=x');
    expect(dead).toContain(`bank said no to ${parseJobId(b.fileId)}`);
    expect(dead).not.toContain('hunter2-secret');
    expect(dead).not.toContain('action="/queues/retry"');
    expect(dead).toContain('Only an administrator can retry');
    const admin = await (await b.admin.get('/queues?queue=submit&state=dead&lang=en')).text();
    expect(admin).toContain('Document No. 4711');
    expect(admin).toContain('action="/queues/retry"');
    expect(admin).toContain('action="/queues/discard"');
  });

  it('an admin retries a dead job: it waits again with a fresh budget; the audit names who and which job', async () => {
    const b = await bench();
    const res = await b.admin.request('/queues/retry', { form: { queue: 'parse', id: parseJobId(b.fileId) } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/queues?queue=parse&state=dead&done=retried');
    expect(await (await b.admin.get(`${res.headers.get('location')}&lang=en`)).text()).toContain('back in its queue');
    const job = await b.queue.getJob('parse', parseJobId(b.fileId));
    expect(job).toMatchObject({ state: 'waiting', attempt: 0 });
    expect(b.events('queue.retried')).toEqual([expect.objectContaining({ entityType: 'file', entityId: b.fileId, actor: 'root' })]);
    expect(JSON.parse(b.events('queue.retried')[0]!.data)).toMatchObject({ queue: 'parse', jobId: parseJobId(b.fileId), attempts: 1 });
    // Again: it is no longer dead, nothing happens and nothing is audited.
    const again = await b.admin.request('/queues/retry', { form: { queue: 'parse', id: parseJobId(b.fileId) } });
    expect(again.headers.get('location')).toContain('done=not-dead');
    expect(b.events('queue.retried')).toHaveLength(1);
  });

  it('an admin discards a dead job: it is gone, audited on the document', async () => {
    const b = await bench();
    const res = await b.admin.request('/queues/discard', { form: { queue: 'submit', id: submitJobId(b.docId) } });
    expect(res.status).toBe(303);
    expect(await b.queue.getJob('submit', submitJobId(b.docId))).toBeNull();
    expect(b.events('queue.discarded')).toEqual([expect.objectContaining({ entityType: 'document', entityId: b.docId, actor: 'root' })]);
  });

  it("a non-admin's retry or discard is refused with 403 and audited; the job stays dead", async () => {
    const b = await bench();
    expect((await b.viewer.request('/queues/retry', { form: { queue: 'parse', id: parseJobId(b.fileId) } })).status).toBe(403);
    expect((await b.viewer.request('/queues/discard', { form: { queue: 'submit', id: submitJobId(b.docId) } })).status).toBe(403);
    const token = await b.h.token('olga');
    const api = await b.h.app.request(`/api/v1/queues/parse/jobs/${encodeURIComponent(parseJobId(b.fileId))}/retry`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('AUTH_FORBIDDEN');
    const refused = b.events('web.refused').map((e) => ({ actor: e.actor, ...(JSON.parse(e.data) as { need: string; path: string }) }));
    expect(refused.map((r) => [r.actor, r.need, r.path])).toEqual([
      ['olga', 'admin', '/queues/retry'],
      ['olga', 'admin', '/queues/discard'],
      ['olga', 'admin', `/api/v1/queues/parse/jobs/${encodeURIComponent(parseJobId(b.fileId))}/retry`],
    ]);
    expect((await b.queue.getJob('parse', parseJobId(b.fileId)))?.state).toBe('dead');
    expect((await b.queue.getJob('submit', submitJobId(b.docId)))?.state).toBe('dead');
    expect(b.events('queue.retried')).toEqual([]);
  });

  it('a cross-site retry is refused even for an admin', async () => {
    const b = await bench();
    const form = { queue: 'parse', id: parseJobId(b.fileId) };
    expect((await b.admin.request('/queues/retry', { form, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await b.admin.request('/queues/retry', { form, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await b.admin.request('/queues/retry', { form: { ...form, _csrf: 'forged' } })).status).toBe(403);
    expect((await b.queue.getJob('parse', parseJobId(b.fileId)))?.state).toBe('dead');
    expect(b.events('web.refused').map((e) => (JSON.parse(e.data) as { reason: string }).reason)).toEqual(['csrf', 'csrf', 'csrf']);
  });

  it('search finds jobs by document number, file name and amount — sign jobs that carry the document too', async () => {
    const b = await bench();
    const keyId = b.people.get('anna')!.keyId;
    const userId = b.people.get('anna')!.userId;
    await b.queue.pause(`sign:${keyId}`);
    await b.queue.add(`sign:${keyId}`, 'sign', { userId, items: [{ documentId: b.docId, sha256: 'a'.repeat(64) }] }, { jobId: 'batch-1' });
    const ids = async (q: string) => [...(await (await b.viewer.get(`/queues?q=${encodeURIComponent(q)}&lang=en`)).text()).matchAll(/data-job="([^"]+)"/g)].map((m) => m[1]).sort();
    const all = [parseJobId(b.fileId), submitJobId(b.docId), 'batch-1'].sort();
    expect(await ids('4711')).toEqual(all);
    expect(await ids('1 500 000,00')).toEqual(all);
    expect(await ids('onerror')).toEqual([parseJobId(b.fileId)]);
    expect(await ids('nothing-like-this')).toEqual([]);
    const html = await (await b.viewer.get(`/queues?q=4711&lang=en`)).text();
    expect(html).toContain('1 document of anna: No. 4711');
    const api = (await (await b.h.app.request('/api/v1/queues/search?q=4711', { headers: { authorization: `Bearer ${await b.h.token('olga')}` } })).json()) as { items: { id: string; subject: { kind: string } }[] };
    expect(api.items.map((i) => i.id).sort()).toEqual(all);
  });

  it('renders in kk, ru and en', async () => {
    const b = await bench();
    for (const lang of ['kk', 'ru', 'en']) {
      for (const path of ['/queues', '/queues?queue=parse&state=dead', '/queues?queue=submit&state=dead', '/queues?q=4711', '/queues?queue=parse&state=dead&done=retried']) {
        const res = await b.admin.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res.status, `${lang} ${path}`).toBe(200);
        expect(await res.text()).toContain(`<html lang="${lang}">`);
      }
    }
  });
});

describe('/api/v1/queues', () => {
  it('lists queues and jobs; admins retry and discard; 404 for unknown jobs, 409 for jobs that are not dead', async () => {
    const b = await bench();
    const viewer = { authorization: `Bearer ${await b.h.token('olga')}` };
    const admin = { authorization: `Bearer ${await b.h.token('root')}` };
    const list = (await (await b.h.app.request('/api/v1/queues', { headers: viewer })).json()) as { items: { name: string; kind: string; counts: { dead: number }; paused: boolean }[] };
    expect(list.items.map((q) => [q.name, q.kind, q.counts.dead])).toEqual([
      ['parse', 'parse', 1],
      [`sign:${b.people.get('anna')!.keyId}`, 'sign', 0],
      ['submit', 'submit', 1],
    ]);
    const jobs = (await (await b.h.app.request('/api/v1/queues/submit/jobs?state=dead', { headers: viewer })).json()) as { items: { id: string; attempt: number; last_error: string; subject: Record<string, unknown> }[] };
    expect(jobs.items).toEqual([expect.objectContaining({ id: submitJobId(b.docId), attempt: 1, last_error: expect.stringContaining('bank said no'), subject: { kind: 'document', document_id: b.docId, number: '4711', date: '2025-01-15', amount: '1500000.00', currency: 'KZT' } })]);
    const parse = (await (await b.h.app.request('/api/v1/queues/parse/jobs?state=dead', { headers: viewer })).json()) as { items: { subject: Record<string, unknown> }[] };
    expect(JSON.stringify(parse)).not.toContain('hunter2');
    const retry = await b.h.app.request(`/api/v1/queues/submit/jobs/${submitJobId(b.docId)}/retry`, { method: 'POST', headers: admin });
    expect(retry.status).toBe(200);
    expect((await b.queue.getJob('submit', submitJobId(b.docId)))?.state).toBe('waiting');
    expect((await b.h.app.request(`/api/v1/queues/submit/jobs/${submitJobId(b.docId)}/retry`, { method: 'POST', headers: admin })).status).toBe(409);
    expect((await b.h.app.request('/api/v1/queues/submit/jobs/nope/discard', { method: 'POST', headers: admin })).status).toBe(404);
    const discard = await b.h.app.request(`/api/v1/queues/parse/jobs/${encodeURIComponent(parseJobId(b.fileId))}/discard`, { method: 'POST', headers: admin });
    expect(discard.status).toBe(200);
    expect(await b.queue.getJob('parse', parseJobId(b.fileId))).toBeNull();
    expect(b.events('queue.retried').map((e) => e.actor)).toEqual(['root']);
    expect(b.events('queue.discarded').map((e) => e.actor)).toEqual(['root']);
    expect((await b.h.app.request('/api/v1/queues/parse/jobs?state=bogus', { headers: viewer })).status).toBe(400);
  });
});
