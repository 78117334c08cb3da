// Dashboard over 1,000,000 documents: server time inside app.request() (session, query, render; no network) for the
// Documents list (first page, a filtered page, two searches) and the Overview, at 1 user (p50/p95/p99 over 3 × 400
// requests) and 20 concurrent users (p95), against the raw indexed query "50 newest by state" in the same run.
// The gateway serves through @hono/node-server, which puts its own light Request/Response in place of undici's when it
// starts (getRequestListener); the bench does the same, so app.request() runs on the objects production uses.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { getRequestListener } from '@hono/node-server';
import Database from 'better-sqlite3';
import { configSchema } from '../config/schema.ts';
import { silentLogger } from '../gateway/core/logger.ts';
import { createSqliteQueue } from '../gateway/queue/sqlite-queue.ts';
import { openStore } from '../gateway/store/db.ts';
import { findUserByLogin, insertUser } from '../gateway/store/users-repo.ts';
import { createSession, deleteSession } from '../gateway/store/web-sessions-repo.ts';
import { createApp } from '../gateway/web/app.ts';
import { dashboardData } from './dashboard-data.ts';
import type { BenchRow } from './table.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const fmt = (n: number) => n.toLocaleString('en-US');

interface Scenario {
  name: string;
  /** A URL per request number: the same kind of page with varying parameters. */
  url: (i: number) => string;
  /** p99 at 1 user and p95 at 20 users must stay under these (ms). */
  p99One?: number;
  p95One?: number;
  p95Many: number;
}

export async function benchDashboard(documents = 1_000_000, log: (s: string) => void = console.log): Promise<BenchRow[]> {
  const data = dashboardData(documents, log);
  const store = openStore({ dataDir: data.dataDir });
  const qdir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-bench-dash-q-'));
  const queue = createSqliteQueue({ path: path.join(qdir, 'queue.db') });
  try {
    const config = configSchema.parse({ data: { dir: data.dataDir }, bank: { cutoff: '17:00' } });
    const app = createApp({ store, config, logger: silentLogger, version: 'bench', readiness: {}, queue });
    getRequestListener(app.fetch);
    const user = (await findUserByLogin(store.sql, 'bench-viewer')) ?? (await insertUser(store.sql, { login: 'bench-viewer', name: 'Bench viewer', passwordHash: 'none', rights: [{ account: '*', right: 'none', canPrepare: false }], actor: 'bench' }));
    await store.sql.run('UPDATE users SET must_change_password = $1 WHERE id = $2', [false, user.id]);
    const { token, session } = await createSession(store.sql, user.id);
    const headers = { cookie: `bankgate_session=${token}`, 'accept-language': 'ru' };
    try {
      const day = (n: number) => new Date(Date.parse(`${data.lastDay}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
      const states = ['executed', 'executed', 'awaiting-signature', 'accepted'];
      const stem = data.beneficiary.name.replace(/^\S+\s+«/, '').replace(/[»\s].*$/, '');
      const scenarios: Scenario[] = [
        { name: 'documents, first page', url: () => '/documents', p99One: 5, p95Many: 20 },
        {
          name: 'documents, state + account + last 7 days',
          url: (i) => `/documents?state=${states[i % states.length]}&account=${data.accounts[i % 4]}&date_from=${day(7)}&date_to=${day(0)}`,
          p99One: 5,
          p95Many: 20,
        },
        {
          // Older business dates: back-dated documents widen a day's id bounds, so the walk meets sparse matches first.
          name: 'documents, kind + amount from 1,000.00 + 10 days a month ago',
          url: (i) => `/documents?kind=${i % 2 ? 'payment' : 'budget'}&amount_from=1000.00&date_from=${day(40)}&date_to=${day(30)}`,
          p99One: 5,
          p95Many: 20,
        },
        { name: `documents, search beneficiary "${stem.slice(0, 7).toLowerCase()}"`, url: () => `/documents?beneficiary=${encodeURIComponent(stem.slice(0, 7).toLowerCase())}`, p99One: 5, p95Many: 20 },
        { name: 'documents, search BIN/IIN', url: () => `/documents?bin=${data.beneficiary.bin}`, p99One: 5, p95Many: 20 },
        { name: 'overview', url: () => '/', p95One: 20, p95Many: 20 },
      ];

      // Server time: until app.request() answers (the page is rendered by then); reading the body is the client's work.
      const request = async (url: string): Promise<number> => {
        const t = performance.now();
        const res = await app.request(`${ORIGIN}${url}`, { headers });
        const took = performance.now() - t;
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
        return took;
      };
      const check = async (url: string, expect: string) => {
        const body = await (await app.request(`${ORIGIN}${url}`, { headers })).text();
        if (!body.includes(expect)) throw new Error(`${url}: the page does not show ${expect}`);
      };

      // Baseline: the raw indexed query on better-sqlite3, same file, same run.
      const raw = new Database(path.join(data.dataDir, 'bankgate.db'), { readonly: true });
      const newest = raw.prepare('SELECT id, number, doc_date, amount_minor, currency, state FROM documents WHERE state = ? ORDER BY id DESC LIMIT 50');
      const rawTimes: number[] = [];
      for (let i = 0; i < 1200; i++) {
        const t = performance.now();
        newest.all(states[i % states.length]);
        if (i >= 200) rawTimes.push(performance.now() - t);
      }
      raw.close();
      const baseline = `raw "50 newest by state": p50 ${ms(pct(rawTimes, 50))}, p99 ${ms(pct(rawTimes, 99))}`;
      const rows: BenchRow[] = [{ name: `raw indexed query "50 newest by state", ${fmt(documents)} documents`, value: pct(rawTimes, 50), unit: 'ms', target: 'baseline', baseline: `p99 ${ms(pct(rawTimes, 99))}`, pass: true }];

      // The pages show what they should: documents in the lists, the per-hour chart on the overview.
      for (const s of scenarios.slice(0, 5)) await check(s.url(0), '<span class="state ');
      await check('/', '<svg class="chart"');
      // Three rounds per measurement and the middle one kept: this VM shares its two cores with other work, and a
      // burst of it in one round says nothing about the dashboard (the intake rows use medians for the same reason).
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      for (const s of scenarios) {
        for (let i = 0; i < 200; i++) await request(s.url(i)); // warm the page cache, the prepared statements and the JIT
        const ones: number[][] = [];
        const manys: number[][] = [];
        for (let round = 0; round < 3; round++) {
          const one: number[] = [];
          for (let i = 0; i < 400; i++) one.push(await request(s.url(i)));
          ones.push(one);
          const many: number[] = [];
          let next = 0;
          // 20 users, each asking again as soon as the answer came: every request's own elapsed time, waiting included.
          await Promise.all(
            Array.from({ length: 20 }, async () => {
              while (next < 600) many.push(await request(s.url(next++)));
            }),
          );
          manys.push(many);
        }
        const at = (runs: number[][], p: number) => median(runs.map((r) => pct(r, p)));
        const rounds = (runs: number[][], p: number) => runs.map((r) => pct(r, p).toFixed(2)).join(' / ');
        const spread = `p50 ${ms(at(ones, 50))}, p95 ${ms(at(ones, 95))}, p99 ${ms(at(ones, 99))} (median of 3 rounds of ${ones[0]!.length} requests; p99 by round ${rounds(ones, 99)})`;
        if (s.p99One !== undefined) rows.push({ name: `dashboard: ${s.name}, 1 user, p99`, value: at(ones, 99), unit: 'ms', target: `<= ${s.p99One} ms`, baseline: `${spread}; ${baseline}`, pass: at(ones, 99) <= s.p99One });
        if (s.p95One !== undefined) rows.push({ name: `dashboard: ${s.name}, 1 user, p95`, value: at(ones, 95), unit: 'ms', target: `<= ${s.p95One} ms`, baseline: `${spread}; ${baseline}`, pass: at(ones, 95) <= s.p95One });
        rows.push({
          name: `dashboard: ${s.name}, 20 users, p95`,
          value: at(manys, 95),
          unit: 'ms',
          target: `<= ${s.p95Many} ms`,
          baseline: `p50 ${ms(at(manys, 50))}, p99 ${ms(at(manys, 99))} (median of 3 rounds of ${manys[0]!.length} requests; p95 by round ${rounds(manys, 95)})`,
          pass: at(manys, 95) <= s.p95Many,
        });
      }
      return rows;
    } finally {
      await deleteSession(store.sql, session.idHash);
    }
  } finally {
    await queue.close();
    await store.close();
    rmSync(qdir, { recursive: true, force: true });
  }
}
