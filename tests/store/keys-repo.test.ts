// Keys repository on both databases: binding records the key with its audit event, rebinding moves it to another user
// and keeps its record, a key showing another certificate or a certificate already recorded is refused, unbinding.
import { expect, it } from 'vitest';
import { isUniqueViolation } from '../../gateway/store/db.ts';
import { bindKey, getKey, listKeys, unbindKey, type KeyRecordInput } from '../../gateway/store/keys-repo.ts';
import { listEntityEvents, verifyAudit } from '../../gateway/store/sql/audit-log.ts';
import { describeEachDialect, TEST_START } from './dialects.ts';
import { insertUser, refusal } from './signing-rows.ts';

const NOT_BEFORE = new Date(Date.UTC(2024, 0, 1));
const NOT_AFTER = new Date(Date.UTC(2027, 0, 1));

function keyInput(id: string, fingerprint = `fp-${id}`): KeyRecordInput {
  return {
    id,
    provider: 'software',
    label: `${id} label`,
    tokenLabel: null,
    tokenSerial: null,
    certificate: new Uint8Array([0x30, 0x82, 0x00, 0xff, ...Buffer.from(id)]),
    fingerprint,
    subject: 'CN=DANA,SERIALNUMBER=IIN880101300123',
    iin: '880101300123',
    bin: null,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
  };
}

describeEachDialect('keys repository', (open) => {
  it('binds a new key: the record with its certificate bytes, and a key.bound event in the same commit', async () => {
    const { db } = await open();
    await insertUser(db, 'u1', 'dana');
    const k = await bindKey(db, keyInput('software:aaa'), 'u1', 'admin');
    expect(k).toEqual({
      id: 'software:aaa',
      provider: 'software',
      label: 'software:aaa label',
      tokenLabel: null,
      tokenSerial: null,
      certificate: Buffer.from([0x30, 0x82, 0x00, 0xff, ...Buffer.from('software:aaa')]),
      fingerprint: 'fp-software:aaa',
      subject: 'CN=DANA,SERIALNUMBER=IIN880101300123',
      iin: '880101300123',
      bin: null,
      notBefore: NOT_BEFORE.getTime(),
      notAfter: NOT_AFTER.getTime(),
      userId: 'u1',
      boundAt: TEST_START,
      createdAt: TEST_START,
    });
    expect(Buffer.isBuffer(k.certificate)).toBe(true);
    expect(await getKey(db, 'software:aaa')).toEqual(k);
    expect(await getKey(db, 'software:none')).toBeUndefined();
    expect(await listEntityEvents(db, 'key', 'software:aaa')).toMatchObject([
      { type: 'key.bound', actor: 'admin', at: TEST_START, data: { userId: 'u1', previousUserId: null, fingerprint: 'fp-software:aaa', subject: k.subject, iin: '880101300123', bin: null } },
    ]);
  });

  it('rebinds a recorded key to another user (same certificate): its record stays, the event names the previous user', async () => {
    const { db, clock } = await open();
    await insertUser(db, 'u1', 'dana');
    await insertUser(db, 'u2', 'erlan');
    const first = await bindKey(db, keyInput('pkcs11:01:ab'), 'u1', 'admin');
    clock.advance(60_000);
    const again = await bindKey(db, { ...keyInput('pkcs11:01:ab'), label: 'renamed', tokenLabel: 'TOKEN', tokenSerial: '01' }, 'u2', 'root');
    expect(again).toEqual({ ...first, label: 'renamed', tokenLabel: 'TOKEN', tokenSerial: '01', userId: 'u2', boundAt: TEST_START + 60_000 });
    // Binding to the same user again is harmless: same record, one more event.
    expect(await bindKey(db, { ...keyInput('pkcs11:01:ab'), label: 'renamed', tokenLabel: 'TOKEN', tokenSerial: '01' }, 'u2', 'root')).toEqual(again);
    const events = await listEntityEvents(db, 'key', 'pkcs11:01:ab');
    expect(events.map((e) => [e.type, e.actor, (e.data as { userId: string; previousUserId: string | null }).previousUserId])).toEqual([
      ['key.bound', 'admin', null],
      ['key.bound', 'root', 'u1'],
      ['key.bound', 'root', 'u2'],
    ]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 3 });
  });

  it('refuses a key that now shows another certificate, and a certificate another key already has', async () => {
    const { db } = await open();
    await insertUser(db, 'u1', 'dana');
    const k = await bindKey(db, keyInput('software:aaa'), 'u1', 'admin');
    expect(await refusal(bindKey(db, keyInput('software:aaa', 'fp-other'), 'u1', 'admin'))).toMatchObject({ code: 'SIGN_KEY_NOT_BOUND' });
    const dup = await refusal(bindKey(db, keyInput('software:bbb', 'fp-software:aaa'), 'u1', 'admin'));
    expect(isUniqueViolation(dup)).toBe(true);
    // Nothing of either attempt was kept.
    expect(await getKey(db, 'software:aaa')).toEqual(k);
    expect(await getKey(db, 'software:bbb')).toBeUndefined();
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 1 });
  });

  it('unbinds a key (record kept, no user) with a key.unbound event; an unknown key is refused', async () => {
    const { db } = await open();
    await insertUser(db, 'u1', 'dana');
    const k = await bindKey(db, keyInput('software:aaa'), 'u1', 'admin');
    await unbindKey(db, 'software:aaa', 'admin');
    expect(await getKey(db, 'software:aaa')).toEqual({ ...k, userId: null, boundAt: null });
    expect((await listEntityEvents(db, 'key', 'software:aaa')).map((e) => [e.type, e.data])).toEqual([
      ['key.bound', expect.anything()],
      ['key.unbound', { previousUserId: 'u1' }],
    ]);
    // Unbinding again records that it was unbound already.
    await unbindKey(db, 'software:aaa', 'admin');
    expect((await listEntityEvents(db, 'key', 'software:aaa')).at(-1)).toMatchObject({ type: 'key.unbound', data: { previousUserId: null } });
    expect(await refusal(unbindKey(db, 'software:none', 'admin'))).toMatchObject({ code: 'SIGN_KEY_NOT_FOUND' });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 3 });
  });

  it('lists every recorded key, bound or not, in byte order of their ids', async () => {
    const { db } = await open();
    await insertUser(db, 'u1', 'dana');
    expect(await listKeys(db)).toEqual([]);
    for (const id of ['software:b', 'pkcs11:01:ab', 'software:B', 'software:a']) await bindKey(db, keyInput(id), 'u1', 'admin');
    await unbindKey(db, 'software:a', 'admin');
    const keys = await listKeys(db);
    expect(keys.map((k) => k.id)).toEqual(['pkcs11:01:ab', 'software:B', 'software:a', 'software:b']);
    expect(keys.map((k) => k.userId)).toEqual(['u1', 'u1', null, 'u1']);
  });
});
