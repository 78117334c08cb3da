/** @jsxImportSource hono/jsx */
import { getRequestListener } from '@hono/node-server';
import { configSchema } from '../../config/schema.ts';
import { silentLogger } from '../core/logger.ts';
import { openStore } from '../store/db.ts';
import { findUserByLogin } from '../store/users-repo.ts';
import { createSession } from '../store/web-sessions-repo.ts';
import { pageDocuments, knownAccounts } from '../store/document-list.ts';
import { createApp } from './app.ts';
import { DocumentsPage } from './pages/documents.tsx';
const dir = process.argv[2]!;
const store = openStore({ dataDir: dir });
const app = createApp({ store, config: configSchema.parse({ data: { dir } }), logger: silentLogger, version: 'bench', readiness: {} });
getRequestListener(app.fetch);
const user = findUserByLogin(store, 'bench-viewer')!;
const { token } = createSession(store, user.id);
const headers = { cookie: `bankgate_session=${token}` };
let ctx: any;
(app as any).get('/zz-grab', (c: any) => { ctx = c; return c.text('x'); });
await app.request('http://127.0.0.1:8080/zz-grab', { headers });
const page = pageDocuments(store, { limit: 50 });
const accounts = knownAccounts(store);
async function time(label: string, fn: () => unknown, n = 3000) {
  for (let i = 0; i < 500; i++) await fn();
  const s = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(label.padEnd(24), ((performance.now() - s) / n).toFixed(3), 'ms');
}
const raw = store.sqlite.prepare('SELECT id, number, doc_date, amount_minor, currency, state FROM documents WHERE state = ? ORDER BY id DESC LIMIT 50');
await time('raw baseline', () => raw.all('executed'));
await time('authed text request', () => app.request('http://127.0.0.1:8080/zz-grab', { headers }));
await time('pageDocuments', () => pageDocuments(store, { limit: 50 }));
await time('render DocumentsPage', async () => (await (<DocumentsPage c={ctx} query={{}} bad={new Set()} page={page} accounts={accounts} cursor={undefined} count={5} />).toString()).length);
await time('render no rows', async () => (await (<DocumentsPage c={ctx} query={{}} bad={new Set()} page={{ ...page, items: [] }} accounts={accounts} cursor={undefined} count={5} />).toString()).length);
await time('GET /documents', () => app.request('http://127.0.0.1:8080/documents', { headers }));
