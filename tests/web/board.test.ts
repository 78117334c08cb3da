// bull-board in the dashboard with the BullMQ backend (real Redis): admins get the full board, with their actions
// audited and CSRF-checked; everyone else the read-only board, which refuses actions; no one without a login.
import { afterEach, describe, expect, it } from 'vitest';
import { createBullmqQueue, type BullmqJobQueue } from '../../gateway/queue/bullmq-queue.ts';
import { BOARD, BOARD_VIEW, XSRF_COOKIE } from '../../gateway/web/board-paths.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../services/redis.ts';
import { webHarness } from './harness.ts';

let q: BullmqJobQueue | undefined;
let prefix = '';
afterEach(async () => {
  await q?.close();
  await dropPrefix(prefix);
});

async function setup() {
  prefix = testPrefix('board');
  q = createBullmqQueue({ redisUrl: REDIS_URL, prefix });
  // A dead job to act on, in a queue whose name BullMQ could not take as it is.
  const w = q.process('sign:KEY-1', async () => {
    throw Object.assign(new Error('token removed'), { unrecoverable: true });
  });
  await q.add('sign:KEY-1', 'sign', { items: 1 }, { jobId: 'job:1', attempts: 1 });
  for (let i = 0; i < 100 && (await q.counts('sign:KEY-1')).dead === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await w.close();
  const h = webHarness({}, { queue: q, bullmq: q });
  await h.user('admin', { admin: true });
  await h.user('viewer', { rights: ['*=none'] });
  return h;
}

describe.runIf(redisAvailable)('bull-board in the dashboard', () => {
  it('is behind the login, full for admins (actions audited), read-only for others', async () => {
    const h = await setup();
    expect((await h.client().get(BOARD)).status).toBe(303); // to the login page

    const admin = h.client();
    expect((await admin.login('admin', 'Correct horse admin battery')).status).toBe(303);
    const page = await admin.get(BOARD);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('__UI_CONFIG__');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const xsrf = admin.cookies.get(XSRF_COOKIE);
    expect(xsrf).toBe(admin.csrf);
    const queues = (await (await admin.get(`${BOARD}/api/queues?activeQueue=sign%253AKEY-1&status=failed&page=1`)).json()) as { queues: { name: string; displayName: string; readOnlyMode: boolean }[] };
    expect(queues.queues.map((x) => x.displayName)).toEqual(['sign:KEY-1']);
    expect(queues.queues[0]!.readOnlyMode).toBe(false);
    const name = encodeURIComponent(queues.queues[0]!.name);
    // Without the token from the cookie (a forged request): refused and audited.
    expect((await admin.request(`${BOARD}/api/queues/${name}/retry/failed`, { method: 'PUT' })).status).toBe(403);
    const retried = await admin.request(`${BOARD}/api/queues/${name}/retry/failed`, { method: 'PUT', headers: { 'x-xsrf-token': xsrf! } });
    expect(retried.status).toBeLessThan(300);
    expect((await q!.getJob('sign:KEY-1', 'job:1'))?.state).toBe('waiting');
    const events = h.store.sqlite.prepare(`SELECT type, actor FROM events WHERE type IN ('queue.board_action', 'web.refused') ORDER BY seq`).all() as { type: string; actor: string }[];
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['web.refused', 'admin'],
      ['queue.board_action', 'admin'],
    ]);

    const viewer = h.client();
    expect((await viewer.login('viewer', 'Correct horse viewer battery')).status).toBe(303);
    expect((await viewer.get(BOARD)).status).toBe(403);
    expect((await viewer.get(BOARD_VIEW)).status).toBe(200);
    const seen = (await (await viewer.get(`${BOARD_VIEW}/api/queues?activeQueue=sign%253AKEY-1&status=waiting&page=1`)).json()) as { queues: { readOnlyMode: boolean }[] };
    expect(seen.queues[0]!.readOnlyMode).toBe(true);
    // Even with a valid token, the read-only board does not act.
    const tries = await viewer.request(`${BOARD_VIEW}/api/queues/${name}/pause`, { method: 'PUT', headers: { 'x-csrf-token': viewer.csrf!, 'content-type': 'application/json' }, body: '{}' });
    expect(tries.status).toBeGreaterThanOrEqual(400);
    expect(await q!.isPaused('sign:KEY-1')).toBe(false);
  });
});
