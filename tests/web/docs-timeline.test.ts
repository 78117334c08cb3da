// A document's way through the real gateway parts — file received, read, signed with a software key, sent to the
// embedded sandbox bank, accepted, executed, booked in the statement, status and statement files written for 1C —
// shown on its page and in GET /api/v1/documents/{id} in that order; the overview sees the bank answer.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { startBank } from '../../gateway/bank/run.ts';
import { systemClock } from '../../gateway/core/clock.ts';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { getKey } from '../../gateway/store/keys-repo.ts';
import { createSession } from '../../gateway/store/web-sessions-repo.ts';
import { createApp } from '../../gateway/web/app.ts';
import { showForSigning, signDocuments } from '../../signer/sign-documents.ts';
import { KEY_PASSWORD, signingBench } from '../signer/helpers.ts';
import { CHEAP } from './harness.ts';

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('document timeline', () => {
  it('file → signed → sent → accepted → executed → statement → files for 1C, in order, on the page and in the API', { timeout: 60_000 }, async () => {
    const b = signingBench();
    const e = await b.signer('director', ['*=single']);
    const [id] = await b.documents(1);
    const session = await e.provider.open(e.key.id, KEY_PASSWORD);
    const items = (await showForSigning(b.store, [id!])).map((s) => ({ documentId: s.documentId, sha256: s.sha256 }));
    await signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: e.user, key: (await getKey(b.store.sql, e.key.id))!, session, items });
    const root = path.join(b.dir, 'mailbox');
    const cfg = configSchema.parse({
      data: { dir: path.join(b.dir, 'data') },
      bank: { connector: 'sandbox', sandbox: { dir: path.join(b.dir, 'sandbox') }, status_poll_ms: 3_600_000, statements: { schedule: '0 0 1 1 *' } },
      mailboxes: { default: { root } },
    });
    const bank = await startBank({ cfg, store: b.store, queue: b.queue, logger: b.logger, env: {}, policy: b.policy, mailboxRoot: () => root, sandboxConfig: { weekend: [], public_holidays: 'none', cutoff: '23:59', execution_delay_ms: 50, tick_ms: 50 } });
    try {
      await bank.scheduler.tick();
      await until('executed', async () => {
        await bank.scheduler.pollStatuses();
        return (await getDocument(b.store.sql, id!))!.state === 'executed';
      });
      await bank.scheduler.writeStatusFiles();
      await bank.scheduler.syncStatements();

      const app = createApp({ store: b.store, config: cfg, logger: b.logger, version: 'test', readiness: {}, passwordParams: CHEAP, bank, queue: b.queue });
      // The director looks at the document in the browser: a session of theirs.
      b.store.sqlite.prepare('UPDATE users SET must_change_password = 0 WHERE id = ?').run(e.user.id);
      const { token } = await createSession(b.store.sql, e.user.id);
      const get = (url: string) => app.request(`http://127.0.0.1:8080${url}`, { headers: { cookie: `bankgate_session=${token}` } });

      const api = (await (await get(`/api/v1/documents/${id}?lang=en`)).json()) as { timeline: { type: string; text: string; actor: string; at: string }[]; signatures: { login: string; role: string; certificate: { serial: string | null; subject: string } }[]; bank: { state: string } };
      const types = api.timeline.map((x) => x.type);
      // The file is marked read in the transaction that stores its documents: file.parsed is next to document.created.
      expect(types.indexOf('file.parsed')).toBeGreaterThan(types.indexOf('file.received'));
      expect(types.indexOf('file.parsed')).toBeLessThan(types.indexOf('document.signed'));
      const order = ['file.received', 'document.created', 'document.signed', 'document.queued', 'bank.accepted', 'bank.executed', 'statement.entry', 'export.statement'];
      const at = order.map((type) => types.indexOf(type));
      expect(at.every((i) => i >= 0), JSON.stringify(types)).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
      expect(types).toContain('export.status');
      expect(types.indexOf('export.status')).toBeGreaterThan(types.indexOf('bank.accepted'));
      const times = api.timeline.map((x) => Date.parse(x.at));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(api.timeline.find((x) => x.type === 'document.signed')).toMatchObject({ actor: 'director', text: 'Signed: single signature' });
      expect(api.timeline.find((x) => x.type === 'statement.entry')!.text).toMatch(/^Booked in the statement of KZ\w+ on .+ \(entry .+\)$/);
      expect(api.signatures).toEqual([expect.objectContaining({ login: 'director', role: 'single', certificate: expect.objectContaining({ subject: expect.stringContaining('DIRECTOR'), serial: expect.stringMatching(/^[0-9a-f]+$/i) }) })]);
      expect(api.bank.state).toBe('executed');

      const page = await (await get(`/documents/${id}?lang=ru`)).text();
      const rows = [...page.matchAll(/<tr data-type="([^"]+)"/g)].map((m) => m[1]);
      expect(rows).toEqual(types);
      expect(page).toContain('Банк исполнил документ');
      expect(page).toContain('Для 1С записана выписка: kl_to_1c_');
      expect(page).toContain('единственная подпись');

      // The overview asks the bank through the connector's own diagnostic call.
      const overview = (await (await get('/api/v1/overview')).json()) as { bank: { configured: boolean; reachable: boolean }; counts: Record<string, number>; queues: { name: string }[] };
      expect(overview.bank).toMatchObject({ configured: true, reachable: true });
      expect(overview.counts.executed).toBe(1);
      expect(overview.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['parse', 'submit']));
    } finally {
      await bank.stop();
    }
  });
});
