// The signing page and /api/v1/signing with real software keys and signer workers: a batch signed with one PIN, a
// wrong PIN that signs nothing, rights re-checked per document on the server, admins refused, cross-site POSTs refused.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../gateway/core/error-codes.ts';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { signaturesOf } from '../../gateway/store/signatures-repo.ts';
import { showForSigning } from '../../signer/sign-documents.ts';
import { ACCOUNT_A, ACCOUNT_B, KEY_PASSWORD, opsBench, signingChoices } from './ops-bench.ts';

const events = (b: Awaited<ReturnType<typeof opsBench>>, type: string) =>
  (b.h.store.sqlite.prepare('SELECT entity_id AS entityId, actor, data_json AS data FROM events WHERE type = ? ORDER BY seq').all(type) as { entityId: string; actor: string; data: string }[]).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

async function signedIn(b: Awaited<ReturnType<typeof opsBench>>, login: string) {
  const c = b.h.client();
  expect((await c.login(login, b.people.get(login)!.password)).status).toBe(303);
  return c;
}

describe('signing page', () => {
  it('signs two documents in one batch with one PIN: both signed, each result shown, audit links request → signature', async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }]);
    const ids = (await b.documents([{ number: '101' }, { number: '102' }]));
    const c = await signedIn(b, 'anna');
    const page = await c.get('/signing?lang=en');
    expect(page.status).toBe(200);
    const html = await page.text();
    const choices = signingChoices(html);
    expect([...choices.keys()].sort()).toEqual([...ids].sort());
    // What you see is what you sign: the page shows the hash of the exact bytes.
    for (const s of (await showForSigning(b.h.store, ids))) expect(html).toContain(s.sha256);
    const res = await c.request('/signing?lang=en', { form: { doc: ids.map((id) => choices.get(id)!), key: b.people.get('anna')!.keyId, pin: KEY_PASSWORD } });
    expect(res.status).toBe(200);
    const out = await res.text();
    expect(out.match(/data-result="signed"/g)?.length).toBe(2);
    expect(out).toContain('Signed completely: 2;');
    expect(out).not.toContain(KEY_PASSWORD);
    for (const id of ids) {
      expect((await getDocument(b.h.store.sql, id))!.state).toBe('signed');
      expect(await signaturesOf(b.h.store.sql, id)).toHaveLength(1);
    }
    expect(events(b, 'document.sign-requested').map((e) => e.entityId).sort()).toEqual([...ids].sort());
    expect(events(b, 'document.signed')).toHaveLength(2);
    // Nothing waits any more.
    expect(signingChoices(await (await c.get('/signing')).text()).size).toBe(0);
  });

  it('a wrong PIN signs nothing and says so; the PIN is never echoed, logged in the audit, or kept', async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }]);
    const ids = (await b.documents([{ number: '7' }, { number: '8' }]));
    const c = await signedIn(b, 'anna');
    const choices = signingChoices(await (await c.get('/signing')).text());
    const wrong = 'not-the-pin-4711';
    const res = await c.request('/signing?lang=ru', { form: { doc: ids.map((id) => choices.get(id)!), key: b.people.get('anna')!.keyId, pin: wrong } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(ERROR_CODES.SIGN_PASSWORD_INCORRECT.ru);
    expect(html).toContain('Ничего не подписано');
    expect(html).not.toContain(wrong);
    // The selection survives the retry.
    expect(html.match(/name="doc" value="[^"]+" checked=""/g)?.length).toBe(2);
    for (const id of ids) {
      expect((await getDocument(b.h.store.sql, id))!.state).toBe('awaiting-signature');
      expect(await signaturesOf(b.h.store.sql, id)).toEqual([]);
    }
    expect(events(b, 'document.sign-requested')).toEqual([]);
    expect(events(b, 'key.unlock-failed')).toEqual([expect.objectContaining({ entityId: b.people.get('anna')!.keyId, actor: 'anna', data: { code: 'SIGN_PASSWORD_INCORRECT', via: 'web' } })]);
    const all = b.h.store.sqlite.prepare('SELECT data_json FROM events').pluck().all() as string[];
    expect(all.some((d) => d.includes(wrong))).toBe(false);
    expect(b.signers.worker(b.people.get('anna')!.keyId)!.state().unlocked).toBe(false);
  });

  it('a first signer: a document on an account without a right is refused and audited, the others are signed (one more signature needed)', async () => {
    const b = await opsBench([{ login: 'boris', rights: [`${ACCOUNT_A}=first`] }]);
    const [mine] = (await b.documents([{ number: '1', account: ACCOUNT_A }]));
    const [foreign] = (await b.documents([{ number: '2', account: ACCOUNT_B }]));
    const c = await signedIn(b, 'boris');
    const choices = signingChoices(await (await c.get('/signing')).text());
    // The foreign document is not even offered; a crafted form asks for it anyway.
    expect([...choices.keys()]).toEqual([mine]);
    const [shownForeign] = (await showForSigning(b.h.store, [foreign!]));
    const res = await c.request('/signing?lang=en', { form: { doc: [choices.get(mine!)!, `${foreign}:${shownForeign!.sha256}`], key: b.people.get('boris')!.keyId, pin: KEY_PASSWORD } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-result="partially-signed"');
    expect(html).toContain('needs one more signature');
    expect(html).toContain('data-result="refused"');
    expect(html).toContain(`SIGN_NO_RIGHT — ${ERROR_CODES.SIGN_NO_RIGHT.en}`);
    expect((await getDocument(b.h.store.sql, mine!))!.state).toBe('partially-signed');
    expect((await getDocument(b.h.store.sql, foreign!))!.state).toBe('awaiting-signature');
    expect(await signaturesOf(b.h.store.sql, foreign!)).toEqual([]);
    const refused = events(b, 'web.refused');
    expect(refused).toEqual([expect.objectContaining({ actor: 'boris', data: expect.objectContaining({ reason: 'forbidden', documentId: foreign, account: ACCOUNT_B, path: '/signing' }) })]);
    // Only the foreign document: the whole request is a forbidden action.
    const only = await c.request('/signing', { form: { doc: [`${foreign}:${shownForeign!.sha256}`], key: b.people.get('boris')!.keyId, pin: KEY_PASSWORD } });
    expect(only.status).toBe(403);
    expect(events(b, 'web.refused')).toHaveLength(2);
  });

  it('a document changed after it was shown is refused (the hash no longer matches)', async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }]);
    const [id] = (await b.documents([{ number: '5' }]));
    const c = await signedIn(b, 'anna');
    const res = await c.request('/signing?lang=en', { form: { doc: [`${id}:${'0'.repeat(64)}`], key: b.people.get('anna')!.keyId, pin: KEY_PASSWORD } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('SIGN_DOCUMENT_CHANGED');
    expect((await getDocument(b.h.store.sql, id!))!.state).toBe('awaiting-signature');
  });

  it("someone else's key is refused with 403 and audited", async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }, { login: 'vera', rights: ['*=single'] }]);
    const [id] = (await b.documents([{ number: '9' }]));
    const c = await signedIn(b, 'anna');
    const choices = signingChoices(await (await c.get('/signing')).text());
    const res = await c.request('/signing', { form: { doc: [choices.get(id!)!], key: b.people.get('vera')!.keyId, pin: KEY_PASSWORD } });
    expect(res.status).toBe(403);
    expect(events(b, 'web.refused')[0]!.data).toMatchObject({ need: 'own key', keyId: b.people.get('vera')!.keyId });
    expect((await getDocument(b.h.store.sql, id!))!.state).toBe('awaiting-signature');
  });

  it('administrators cannot sign: the page, the POST and the API answer 403, audited', async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }]);
    const [id] = (await b.documents([{ number: '3' }]));
    const admin = await b.h.user('root', { admin: true });
    const c = b.h.client();
    await c.login(admin.login, admin.password);
    expect((await c.get('/signing')).status).toBe(403);
    const [s] = (await showForSigning(b.h.store, [id!]));
    expect((await c.request('/signing', { form: { doc: [`${id}:${s!.sha256}`], key: b.people.get('anna')!.keyId, pin: KEY_PASSWORD } })).status).toBe(403);
    expect((await c.get('/api/v1/signing')).status).toBe(403);
    expect((await c.request('/api/v1/signing', { json: { key_id: b.people.get('anna')!.keyId, pin: KEY_PASSWORD, documents: [{ id, sha256: s!.sha256 }] } })).status).toBe(403);
    expect(events(b, 'web.refused').map((e) => e.data['need'])).toEqual(['signer', 'signer', 'signer', 'signer']);
    expect((await getDocument(b.h.store.sql, id!))!.state).toBe('awaiting-signature');
    // The menu does not offer signing to an admin.
    expect(await (await c.get('/')).text()).not.toContain('href="/signing"');
  });

  it('cross-site POSTs to sign are refused before anything is checked or signed', async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }]);
    const [id] = (await b.documents([{ number: '4' }]));
    const c = await signedIn(b, 'anna');
    const choices = signingChoices(await (await c.get('/signing')).text());
    const form = { doc: [choices.get(id!)!], key: b.people.get('anna')!.keyId, pin: KEY_PASSWORD };
    expect((await c.request('/signing', { form, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await c.request('/signing', { form, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await c.request('/signing', { form: { ...form, _csrf: 'forged' } })).status).toBe(403);
    // JSON without the CSRF header from a browser session is refused too.
    const [s] = (await showForSigning(b.h.store, [id!]));
    const json = await c.request('/api/v1/signing', { json: { key_id: form.key, pin: KEY_PASSWORD, documents: [{ id, sha256: s!.sha256 }] }, headers: { 'x-csrf-token': 'forged' } });
    expect(json.status).toBe(403);
    expect(events(b, 'web.refused').map((e) => e.data['reason'])).toEqual(['csrf', 'csrf', 'csrf', 'csrf']);
    expect((await getDocument(b.h.store.sql, id!))!.state).toBe('awaiting-signature');
  });

  it('renders in kk, ru and en; HTML in a beneficiary name is shown as text', async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=first'] }]);
    const [id] = (await b.documents([{ number: '<b>77</b>', beneficiary: '<script>alert(1)</script> ТОО "Ромашка"' }]));
    const c = await signedIn(b, 'anna');
    for (const lang of ['kk', 'ru', 'en']) {
      const res = await c.get(`/signing?lang=${lang}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<b>77</b>');
    }
    const choices = signingChoices(await (await c.get('/signing')).text());
    for (const lang of ['kk', 'ru', 'en']) {
      // Results render in every language too (the second run reports the first run's signature as refused).
      const res = await c.request(`/signing?lang=${lang}`, { form: { doc: [choices.get(id!)!], key: b.people.get('anna')!.keyId, pin: KEY_PASSWORD } });
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain('<script>alert(1)');
    }
  });
});

describe('/api/v1/signing', () => {
  it('lists what waits with hashes and signs a batch through an API token; results per document', async () => {
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }]);
    const ids = (await b.documents([{ number: '11', minor: 1_234_567_89n }, { number: '12' }]));
    const token = await b.h.token('anna');
    const auth = { authorization: `Bearer ${token}` };
    const list = await b.h.app.request('/api/v1/signing', { headers: auth });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { keys: { id: string; served: boolean }[]; items: { id: string; sha256: string; amount: string; currency: string; role: string; completes: boolean }[] };
    expect(body.keys).toEqual([expect.objectContaining({ id: b.people.get('anna')!.keyId, served: true })]);
    expect(body.items.find((i) => i.id === ids[0])).toMatchObject({ amount: '1234567.89', currency: 'KZT', role: 'single', completes: true });
    const wrong = await b.h.app.request('/api/v1/signing', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ key_id: body.keys[0]!.id, pin: 'wrong', documents: body.items.map((i) => ({ id: i.id, sha256: i.sha256 })) }) });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('SIGN_PASSWORD_INCORRECT');
    const res = await b.h.app.request('/api/v1/signing', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ key_id: body.keys[0]!.id, pin: KEY_PASSWORD, documents: body.items.map((i) => ({ id: i.id, sha256: i.sha256 })) }) });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { job_id: string; results: { id: string; status: string; role: string }[] };
    expect(out.results.map((r) => [r.status, r.role])).toEqual([['signed', 'single'], ['signed', 'single']]);
    expect(await Promise.all(ids.map(async (id) => (await getDocument(b.h.store.sql, id))!.state))).toEqual(['signed', 'signed']);
    const again = await b.h.app.request('/api/v1/signing', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ key_id: body.keys[0]!.id, pin: KEY_PASSWORD, documents: [{ id: ids[0], sha256: body.items[0]!.sha256 }] }) });
    const second = (await again.json()) as { results: { status: string; code: string; reason: string }[] };
    expect(second.results[0]).toMatchObject({ status: 'refused', code: 'SIGN_STATE' });
  });
});
