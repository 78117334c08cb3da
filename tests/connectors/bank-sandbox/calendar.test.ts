// Sandbox bank, business days: cut-off time, weekends, configured and statutory holidays in Asia/Almaty, value dates.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../../connectors/bank-sandbox/calendar.ts';
import type { TestCert } from '../../fixtures/pki.ts';
import { cert, KZT, order, setupClient, signedSubmission, startBench } from './helpers.ts';

const almaty = (local: string) => Date.parse(`${local}+05:00`);

describe('calendar (unit)', () => {
  const cal = createCalendar({ timeZone: 'Asia/Almaty', cutoff: '17:00', opening: '09:00', publicHolidays: 'kz', holidays: ['2026-05-27'], workingDays: ['2026-01-03'], weekend: [0, 6] });

  it('cut-off: before 17:00 on a business day is today, at 17:00 or later the next business day', () => {
    expect(cal.executionDate(almaty('2026-11-26T16:59:00'))).toEqual({ date: '2026-11-26', deferred: false });
    expect(cal.executionDate(almaty('2026-11-26T17:00:00'))).toEqual({ date: '2026-11-27', deferred: true });
    expect(cal.executionDate(almaty('2026-11-27T18:00:00'))).toEqual({ date: '2026-11-30', deferred: true });
    expect(cal.executionDate(almaty('2026-11-28T10:00:00'))).toEqual({ date: '2026-11-30', deferred: true });
  });

  it('the zone is Asia/Almaty (UTC+5): 12:30 UTC is 17:30 local', () => {
    expect(cal.localTime(Date.parse('2026-11-26T12:30:00Z'))).toBe('17:30');
    expect(cal.localDate(Date.parse('2026-11-26T19:30:00Z'))).toBe('2026-11-27');
    expect(cal.instant('2026-11-30', '09:00')).toBe(Date.parse('2026-11-30T04:00:00Z'));
  });

  it('statutory fixed-date holidays, carried to the next working day from a weekend (not for religious ones); configured days', () => {
    expect(cal.isBusinessDay('2026-12-16')).toBe(false); // Independence Day, Wednesday
    expect(cal.isBusinessDay('2026-03-23')).toBe(false); // Nauryz
    // Nauryz 2026: 21 (Saturday) and 22 (Sunday) March are carried past the 23rd to the 24th and 25th.
    expect(['2026-03-24', '2026-03-25', '2026-03-26'].map(cal.isBusinessDay)).toEqual([false, false, true]);
    expect(cal.isBusinessDay('2027-08-30')).toBe(false); // Constitution Day, Monday
    expect(cal.isBusinessDay('2028-01-07')).toBe(false); // Orthodox Christmas, Friday
    expect(cal.isBusinessDay('2024-01-08')).toBe(true); // Christmas 2024 on Sunday: not carried
    expect(cal.isBusinessDay('2026-05-27')).toBe(false); // configured (Kurban ait)
    expect(cal.isBusinessDay('2026-01-03')).toBe(true); // configured working Saturday
    expect(cal.nextBusinessDay('2026-12-15')).toBe('2026-12-17');
  });

  it('a demo calendar (no weekend, no public holidays) makes every day a business day', () => {
    const demo = createCalendar({ timeZone: 'Asia/Almaty', cutoff: '17:00', opening: '09:00', publicHolidays: 'none', holidays: [], workingDays: [], weekend: [] });
    expect(['2026-11-28', '2026-11-29', '2026-12-16'].map(demo.isBusinessDay)).toEqual([true, true, true]);
    expect(demo.executionDate(almaty('2026-11-28T17:30:00'))).toEqual({ date: '2026-11-29', deferred: true });
  });
});

describe('execution dates through the API', () => {
  let director: TestCert;
  beforeAll(async () => {
    director = await cert('ДИРЕКТОР');
  });

  async function bench(at: number, config = {}) {
    const b = await startBench({ at, config });
    setupClient(b);
    b.bank.admin.registerCertificate({ client_id: 'acme', pem: director.pem, user: 'director', right: 'single' });
    return b;
  }

  it('after the cut-off on Friday → accepted for Monday with reason AFTER_CUTOFF; executes Monday from the opening time', async () => {
    const b = await bench(almaty('2026-11-27T17:30:00'));
    const r = await b.call('POST', '/v1/documents', { body: await signedSubmission('d1', order('601', 100n, { date: '2026-11-27' }), [director]), key: 'k1' });
    expect(r.body).toMatchObject({ status: 'accepted', execution_date: '2026-11-30' });
    expect(r.body.reason.code).toBe('AFTER_CUTOFF');
    expect((await b.call('GET', '/v1/ping')).body.business_date).toBe('2026-11-30');
    b.bank.admin.setClock({ now: '2026-11-30T03:59:00Z' }); // 08:59 Monday
    expect((await b.call('GET', `/v1/documents/${r.body.bank_id}`)).body.status).toBe('accepted');
    b.bank.admin.setClock({ now: '2026-11-30T04:00:02Z' }); // 09:00:02
    const done = (await b.call('GET', `/v1/documents/${r.body.bank_id}`)).body;
    expect(done).toMatchObject({ status: 'executed', reason: null, execution_date: '2026-11-30', executed_at: '2026-11-30T04:00:02.000Z' });
    const s = await b.call('GET', `/v1/accounts/${KZT}/statement?from=2026-11-27&to=2026-11-30`);
    expect(s.body.entries[0].booking_date).toBe('2026-11-30');
  });

  it('a configured holiday on Monday moves it to Tuesday; the weekend is skipped', async () => {
    const b = await bench(almaty('2026-11-28T11:00:00'), { holidays: ['2026-11-30'] });
    const r = await b.call('POST', '/v1/documents', { body: await signedSubmission('d2', order('602', 100n, { date: '2026-11-28' }), [director]), key: 'k2' });
    expect(r.body.execution_date).toBe('2026-12-01');
  });

  it('a future value date waits for that business day', async () => {
    const b = await bench(almaty('2026-11-26T10:00:00'));
    const r = await b.call('POST', '/v1/documents', { body: await signedSubmission('d3', order('603', 100n, { valueDate: '2026-12-16' }), [director]), key: 'k3' });
    expect(r.body).toMatchObject({ status: 'accepted', execution_date: '2026-12-17', reason: null });
  });

  it("after_cutoff = 'reject' refuses with AFTER_CUTOFF", async () => {
    const b = await bench(almaty('2026-11-26T17:05:00'), { after_cutoff: 'reject' });
    const r = await b.call('POST', '/v1/documents', { body: await signedSubmission('d4', order('604', 100n), [director]), key: 'k4' });
    expect(r.body).toMatchObject({ status: 'rejected', execution_date: null });
    expect(r.body.reason.code).toBe('AFTER_CUTOFF');
  });
});
