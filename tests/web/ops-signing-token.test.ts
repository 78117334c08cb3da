// Signing from the dashboard with a key on a USB token (scripted presence): a token that is not inserted signs
// nothing and says so; a token pulled out mid-batch keeps what was signed and reports the rest as waiting.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../gateway/core/error-codes.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { signaturesOf } from '../../gateway/store/signatures-repo.ts';
import { scriptedPresenceSource } from '../../signer/presence.ts';
import type { KeyProvider } from '../../signer/provider.ts';
import { KEY_PASSWORD, opsBench, signingChoices } from './ops-bench.ts';

const TOKEN = { vendorId: 0x0a89, productId: 0x0030, serialNumber: 'KZT0001' };
const MATCH = { vendorId: 0x0a89, productId: 0x0030, serial: 'KZT0001' };
const CONFIG = { signing: { presence_poll_ms: 100, tokens: [{ keys: ['software:*'], vendor_id: '0x0a89', product_id: '0x0030', serial: 'KZT0001' }] } };

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('signing with a token', () => {
  it('token not inserted: the page says so, nothing is signed', async () => {
    const presence = scriptedPresenceSource();
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }], CONFIG, { presence });
    const ids = (await b.documents([{ number: '1' }, { number: '2' }]));
    const c = b.h.client();
    await c.login('anna', b.people.get('anna')!.password);
    const page = await (await c.get('/signing?lang=kk')).text();
    expect(page).toContain('токен салынбаған');
    const choices = signingChoices(page);
    const res = await c.request('/signing?lang=kk', { form: { doc: ids.map((id) => choices.get(id)!), key: b.people.get('anna')!.keyId, pin: KEY_PASSWORD } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(ERROR_CODES.SIGN_TOKEN_NOT_PRESENT.kk);
    expect(html).toContain('Ешбір құжатқа қол қойылған жоқ');
    expect(await Promise.all(ids.map(async (id) => (await getDocument(b.h.store.sql, id))!.state))).toEqual(['awaiting-signature', 'awaiting-signature']);
  });

  it('token pulled out mid-batch: the first document is signed, the rest wait and are signed when the token is back', async () => {
    const presence = scriptedPresenceSource([TOKEN]);
    let calls = 0;
    let removed = false;
    // The token goes away during the second signature: from then on the device reports itself removed.
    const flaky = (p: KeyProvider): KeyProvider => ({
      ...p,
      async open(id, secret) {
        const s = await p.open(id, secret);
        return {
          key: s.key,
          close: () => s.close(),
          async sign(data) {
            if (++calls === 2) {
              removed = true;
              presence.unplug(MATCH);
            }
            if (removed) throw new GatewayError('SIGN_DEVICE_REMOVED', 'CKR_DEVICE_REMOVED');
            return s.sign(data);
          },
        };
      },
    });
    const b = await opsBench([{ login: 'anna', rights: ['*=single'] }], CONFIG, { presence, provider: flaky });
    const ids = (await b.documents([{ number: '1' }, { number: '2' }, { number: '3' }]));
    const c = b.h.client();
    await c.login('anna', b.people.get('anna')!.password);
    const choices = signingChoices(await (await c.get('/signing')).text());
    const res = await c.request('/signing?lang=en', { form: { doc: ids.map((id) => choices.get(id)!), key: b.people.get('anna')!.keyId, pin: KEY_PASSWORD } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/data-result="signed"/g)?.length).toBe(1);
    expect(html.match(/data-result="waiting"/g)?.length).toBe(2);
    expect(html).toContain('SIGN_DEVICE_REMOVED');
    expect((await getDocument(b.h.store.sql, ids[0]!))!.state).toBe('signed');
    expect(await signaturesOf(b.h.store.sql, ids[1]!)).toEqual([]);
    // The token comes back: the waiting job finishes on its own, the PIN is still held.
    removed = false;
    presence.plug(TOKEN);
    await until('all signed', async () => (await Promise.all(ids.map(async (id) => (await getDocument(b.h.store.sql, id))!.state))).every((s) => s === 'signed'));
    expect(await Promise.all(ids.map(async (id) => (await signaturesOf(b.h.store.sql, id)).length))).toEqual([1, 1, 1]);
  });
});
