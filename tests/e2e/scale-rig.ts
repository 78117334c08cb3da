// Test rig for scale-out: a gateway (`bankgate start --roles parse,poll`: drop folder, dashboard, parsing, picking up
// signed documents) and `bankgate worker --roles submit` processes, all real processes on one BullMQ prefix in a real
// Redis, sending to the sandbox bank (its own thread here, HTTPS) over the bank-http connector. Documents are signed
// by the CLI (`bankgate sign --all-waiting`), whose signer worker takes its job from Redis like any other.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startSandboxBankThread, type SandboxBank } from '../../connectors/bank-sandbox/index.ts';
import { ALWAYS_OPEN } from '../../gateway/bank/demo.ts';
import { encodeQueueName } from '../../gateway/queue/bullmq-names.ts';
import { gen1cText } from '../fixtures/gen-1c.ts';
import { makeTestCert } from '../fixtures/pki.ts';
import { dropPrefix, testPrefix } from '../services/redis.ts';
import { runCli, spawnGateway, spawnWorker, type GatewayProcess } from './gateway-process.ts';
import { dropFile, waitFor } from './kill-harness.ts';

const PAYER = 'KZ90601A861000012345';
const TOKEN_ENV = 'SCALE_SANDBOX_TOKEN';
const TOKEN = 'scale-test-client-token-0123456789';

export interface ScaleRig {
  dir: string;
  prefix: string;
  gateway: GatewayProcess;
  workers: GatewayProcess[];
  env: NodeJS.ProcessEnv;
  /** Starts one more `bankgate worker --roles submit`. */
  addWorker(): Promise<GatewayProcess>;
  /** Drops a file of `n` payment orders, waits until parsed, and signs them all with the CLI. */
  dropAndSign(n: number): Promise<void>;
  /** Documents per state in the gateway's database. */
  states(): Promise<Record<string, number>>;
  /** What reached the bank: its documents for this client, and how many distinct gateway documents they are. */
  bankDocuments(): { total: number; distinct: number; debits: number };
  /** BullMQ's processedBy of every completed submit job (worker name `host:pid`), counted. */
  processedBy(redisUrl: string): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export interface ScaleRigOptions {
  redisUrl: string;
  workers: number;
  leaseMs?: number;
  /** PostgreSQL instead of SQLite: every process opens this database ([data] database_url). */
  databaseUrl?: string;
  /** Roles of the gateway process (default parse,poll) and of each worker (default submit). */
  gatewayRoles?: string;
  workerRoles?: string;
}

export async function startScaleRig(o: ScaleRigOptions): Promise<ScaleRig> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bankgate-scale-'));
  const prefix = testPrefix('scale');
  const director = await makeTestCert({ cn: 'ДИРЕКТОРОВ ДАНИЯР', iin: '880101300123', bin: '150140001239' });
  writeFileSync(path.join(dir, 'director.pem'), director.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'director-pass' }) + director.pem);
  const bank: SandboxBank = await startSandboxBankThread({
    dataDir: path.join(dir, 'sandbox'),
    host: '127.0.0.1',
    port: 0,
    tls: true,
    config: {
      ...ALWAYS_OPEN,
      execution_delay_ms: 200,
      clients: [{ client_id: 'scale', name: 'ТОО "Пример Логистик"', bin: '150140001239', token: TOKEN, accounts: [{ iban: PAYER, currency: 'KZT', balance: '900000000000.00' }], certificates: [{ pem: director.pem, user: 'director', right: 'single' }] }],
    },
  });
  writeFileSync(
    path.join(dir, 'bankgate.toml'),
    [
      ...(o.databaseUrl ? ['[data]', `database_url = "${o.databaseUrl}"`] : []),
      '[http]',
      'port = 0',
      '[queue]',
      'backend = "bullmq"',
      `redis_url = "${o.redisUrl}"`,
      `prefix = "${prefix}"`,
      'reconcile_seconds = 1',
      `lease_ms = ${o.leaseMs ?? 5000}`,
      '[signing.providers.software]',
      'keys = [{ path = "director.pem" }]',
      '[bank]',
      'connector = "http"',
      'status_poll_ms = 300',
      '[bank.http]',
      `url = "${bank.url}"`,
      `token_env = "${TOKEN_ENV}"`,
      `tls_fingerprint = "${bank.tlsFingerprint}"`,
    ].join('\n'),
  );
  const env = { [TOKEN_ENV]: TOKEN, BANKGATE_LOG_LEVEL: 'warn' };
  const gateway = spawnGateway(dir, ['start', '--roles', o.gatewayRoles ?? 'parse,poll'], env);
  const workers: GatewayProcess[] = [];
  const addWorker = async () => {
    const w = spawnWorker(dir, ['--roles', o.workerRoles ?? 'submit'], env);
    workers.push(w);
    await w.ready;
    return w;
  };
  const dbOf = () => new Database(path.join(dir, 'data/bankgate.db'), { readonly: true, fileMustExist: true });
  const rig: ScaleRig = {
    dir,
    prefix,
    gateway,
    workers,
    env,
    addWorker,
    async dropAndSign(n) {
      const cli = (args: string[], input?: string) => runCli(dir, args, env, input);
      const added = await cli(['users', 'add', 'director', '--name', 'Директоров Данияр', '--right', '*=single']);
      if (added.code !== 0) throw new Error(added.stderr);
      const keys = JSON.parse((await cli(["keys", "list", "--json"])).stdout) as { keys: { id: string; iin: string }[] };
      const key = keys.keys.find((k) => k.iin === '880101300123')!.id;
      if ((await cli(['keys', 'bind', key, 'director'])).code !== 0) throw new Error('keys bind failed');
      await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', new TextEncoder().encode(gen1cText({ firstNumber: 1, documents: n })));
      await waitFor('documents parsed', async () => ((await rig.states())['awaiting-signature'] ?? 0) === n || undefined, 120_000, 200);
      const signed = await cli(['sign', '--key', key, '--all-waiting'], 'director-pass\n');
      if (signed.code !== 0) throw new Error(`sign failed: ${signed.stdout.slice(-2000)}${signed.stderr}`);
    },
    async states() {
      if (o.databaseUrl) {
        const c = new pg.Client({ connectionString: o.databaseUrl });
        await c.connect();
        try {
          const r = await c.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM documents GROUP BY state`);
          return Object.fromEntries(r.rows.map((x) => [x.state, Number(x.n)]));
        } finally {
          await c.end();
        }
      }
      const db = dbOf();
      try {
        return Object.fromEntries(db.prepare('SELECT state, count(*) AS n FROM documents GROUP BY state').raw().all() as [string, number][]);
      } finally {
        db.close();
      }
    },
    bankDocuments() {
      const db = new Database(path.join(dir, 'sandbox/sandbox.db'), { readonly: true, fileMustExist: true });
      try {
        const d = db.prepare(`SELECT count(*) AS total, count(DISTINCT client_document_id) AS distinct_ FROM documents WHERE client_id = 'scale'`).get() as { total: number; distinct_: number };
        const debits = db.prepare(`SELECT count(*) FROM entries WHERE account = ? AND direction = 'debit'`).pluck().get(PAYER) as number;
        return { total: d.total, distinct: d.distinct_, debits };
      } finally {
        db.close();
      }
    },
    async processedBy(redisUrl) {
      const r = new Redis(redisUrl);
      try {
        const base = `${prefix}:${encodeQueueName('submit')}`;
        const ids = await r.zrange(`${base}:completed`, '0', '-1');
        const pipe = r.pipeline();
        for (const id of ids) pipe.hget(`${base}:${id}`, 'pb');
        const by = new Map<string, number>();
        for (const [, v] of (await pipe.exec()) ?? []) by.set(String(v), (by.get(String(v)) ?? 0) + 1);
        return by;
      } finally {
        r.disconnect();
      }
    },
    async close() {
      await Promise.all([...workers.map((w) => w.kill('SIGTERM')), gateway.kill('SIGTERM')]);
      await bank.close();
      await dropPrefix(prefix).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await gateway.ready;
  for (let i = 0; i < o.workers; i++) await addWorker();
  return rig;
}

/** Until every one of `n` documents was accepted or executed by the bank. */
export async function allAtBank(rig: ScaleRig, n: number, timeoutMs: number): Promise<void> {
  await waitFor(`all ${n} documents at the bank`, async () => {
    const s = await rig.states();
    return (s['accepted'] ?? 0) + (s['executed'] ?? 0) === n || undefined;
  }, timeoutMs, 250);
}
