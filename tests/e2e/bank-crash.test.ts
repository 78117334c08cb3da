// Reliability (reliability-security.md 10 row 2): the gateway is killed (SIGKILL) after the bank stored a document but
// before its answer reached the gateway; on restart the document is reconciled by asking the bank — never paid twice.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { makeTestCert } from '../fixtures/pki.ts';
import { apiViewer, runCli, spawnGateway } from './gateway-process.ts';
import { dropFile, waitFor } from './kill-harness.ts';

const count = (file: string, sql: string, ...args: unknown[]) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get(...args) as number;
  } finally {
    db.close();
  }
};

describe('gateway killed between the bank accepting and the answer being stored', () => {
  it('restarts, asks the bank by idempotency key and reconciles: one order at the bank', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bankgate-bank-crash-'));
    const key = await makeTestCert({ cn: 'ROBOT H2H', iin: '880101300123' });
    writeFileSync(path.join(dir, 'robot.pem'), key.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'robot-pass' }) + key.pem);
    const toml = (auto: string) =>
      ['[http]', 'port = 0', '[signing]', auto, '[signing.providers.software]', 'keys = [{ path = "robot.pem" }]', '[bank]', 'connector = "sandbox"', 'status_poll_ms = 200', '[bank.sandbox]', 'always_open = true'].join('\n');
    writeFileSync(path.join(dir, 'bankgate.toml'), toml(''));
    expect((await runCli(dir, ['users', 'add', 'robot', '--name', 'H2H robot', '--right', '*=none'])).code).toBe(0);
    const keys = JSON.parse((await runCli(dir, ['keys', 'list', '--json'])).stdout) as { keys: { id: string }[] };
    expect((await runCli(dir, ['keys', 'bind', keys.keys[0]!.id, 'robot'])).code).toBe(0);
    // Automatic signing for the payer account (opt-in), so the document goes to the bank without a person.
    writeFileSync(path.join(dir, 'bankgate.toml'), toml(`auto = [{ account = "KZ90601A861000012345", key = "${keys.keys[0]!.id}", secret_env = "ROBOT_KEY_PASSWORD" }]`));
    // A short job lease: the submit job the killed process held is handed out again after 3 s instead of 30 s.
    const env = { ROBOT_KEY_PASSWORD: 'robot-pass', BANKGATE_QUEUE_LEASE_MS: '3000' };

    const api = await apiViewer(dir);
    let gw = spawnGateway(dir, ['start'], env);
    const url = await gw.ready;
    const sandboxUrl = await waitFor('sandbox URL', async () => /built-in sandbox at (https:\/\/\S+?)\)/.exec(gw.output())?.[1], 5000, 50);
    const sandboxDir = path.join(dir, 'data/sandbox');
    // The bank stores the next document and then holds the request without answering.
    const admin = readFileSync(path.join(sandboxDir, 'admin-token'), 'utf8').trim();
    const insecure = new Agent({ connect: { rejectUnauthorized: false } }); // test only: the admin call to our own sandbox
    const r = await fetch(`${sandboxUrl}/v1/sandbox/faults`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ accepted_no_answer: { value: true, next: 1 } }), dispatcher: insecure } as unknown as RequestInit);
    expect(r.status).toBe(200);

    await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', gen1cBytes({ firstNumber: 77, documents: 1 }));
    const bankDb = path.join(sandboxDir, 'sandbox.db');
    const gwDb = path.join(dir, 'data/bankgate.db');
    await waitFor('the bank stored the document', async () => count(bankDb, 'SELECT count(*) FROM documents') === 1, 20_000, 50);
    expect(count(gwDb, 'SELECT count(*) FROM bank_submissions WHERE bank_id IS NULL')).toBe(1);
    await gw.kill('SIGKILL');

    gw = spawnGateway(dir, ['start'], env);
    const url2 = await gw.ready;
    type Doc = { number: string; state: string; id: string };
    const doc = await waitFor('reconciled', async () => {
      const items = ((await api.json(url2, `/api/v1/documents`)) as { items: Doc[] }).items;
      return items.find((d) => d.number === '77' && (d.state === 'accepted' || d.state === 'executed'));
    }, 30_000, 100);
    expect(count(bankDb, 'SELECT count(*) FROM documents')).toBe(1);
    const how = count(gwDb, `SELECT count(*) FROM events WHERE entity_id = ? AND type = 'document.bank-status' AND json_extract(data_json, '$.how') = 'status'`, doc.id);
    expect(how).toBeGreaterThanOrEqual(1);
    void url;
    expect(await gw.kill('SIGTERM')).toBe(0);
  });
});
