/** @jsxImportSource hono/jsx */
import { configSchema } from '../../config/schema.ts';
import { silentLogger } from '../core/logger.ts';
import { openStore } from '../store/db.ts';
import { findUserByLogin } from '../store/users-repo.ts';
import { createSession } from '../store/web-sessions-repo.ts';
import { createApp } from './app.ts';
const dir = process.argv[2]!;
const store = openStore({ dataDir: dir });
const app = createApp({ store, config: configSchema.parse({ data: { dir } }), logger: silentLogger, version: 'bench', readiness: {} });
const user = findUserByLogin(store, 'bench-viewer')!;
const { token } = createSession(store, user.id);
const headers = { cookie: `bankgate_session=${token}` };
(app as any).get('/zz-text', (c: any) => c.text('x'));
async function time(label: string, url: string, n = 1000) {
  for (let i = 0; i < 200; i++) await app.request('http://127.0.0.1:8080' + url, { headers });
  const s = performance.now();
  for (let i = 0; i < n; i++) await app.request('http://127.0.0.1:8080' + url, { headers });
  console.log(label.padEnd(24), ((performance.now() - s) / n).toFixed(3), 'ms');
}
await time('authed text', '/zz-text');
await time('documents', '/documents');
await time('documents?state=executed', '/documents?state=executed');
await time('overview', '/');
const html = await (await app.request('http://127.0.0.1:8080/documents?state=executed', { headers })).text();


