/** @jsxImportSource hono/jsx */
import { configSchema } from '../../config/schema.ts';
import { silentLogger } from '../core/logger.ts';
import { openStore } from '../store/db.ts';
import { findUserByLogin } from '../store/users-repo.ts';
import { createSession } from '../store/web-sessions-repo.ts';
import { pageDocuments, knownAccounts } from '../store/document-list.ts';
import { createApp } from './app.ts';
import { DocumentsPage } from './pages/documents.tsx';
import { Page } from './ui/layout.tsx';
const dir = process.argv[2]!;
const store = openStore({ dataDir: dir });
const app = createApp({ store, config: configSchema.parse({ data: { dir } }), logger: silentLogger, version: 'bench', readiness: {} });
const user = findUserByLogin(store, 'bench-viewer')!;
const { token } = createSession(store, user.id);
const headers = { cookie: `bankgate_session=${token}` };
let ctx: any;
(app as any).get('/zz-grab', (c: any) => { ctx = c; return c.text('x'); });
await app.request('http://127.0.0.1:8080/zz-grab', { headers });
const page = pageDocuments(store, { limit: 50 });
const accounts = knownAccounts(store);
async function time(label: string, fn: () => unknown, n = 2000) {
  for (let i = 0; i < 300; i++) await fn();
  const s = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(label.padEnd(24), ((performance.now() - s) / n).toFixed(3), 'ms');
}
await time('pageDocuments', () => pageDocuments(store, { limit: 50 }));
await time('render DocumentsPage', async () => (await (<DocumentsPage c={ctx} raw={{}} bad={new Set()} page={page} accounts={accounts} cursor={undefined} count={5} />).toString()).length);
await time('render empty Page', async () => (await (<Page c={ctx} title="docs.title" help="documents"><p>x</p></Page>).toString()).length);
const s = await (<DocumentsPage c={ctx} raw={{}} bad={new Set()} page={page} accounts={accounts} cursor={undefined} count={5} />).toString();
console.log('size', s.length, Buffer.byteLength(s));
await time('Buffer.from flat', () => Buffer.from(s, 'utf8').length);
await time('new Response(buf)', () => new Response(Buffer.from(s, 'utf8')));
await time('authed text request', () => app.request('http://127.0.0.1:8080/zz-grab', { headers }));
