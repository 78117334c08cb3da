// End to end: documents of a dropped 1C file reach `signed` after the required signatures, through the real CLI
// (users add, keys list/bind, sign with the password on standard input) beside a running gateway.
import { writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { makeTestCert } from '../fixtures/pki.ts';
import { apiViewer, runCli, spawnGateway } from './gateway-process.ts';
import { dropFile, waitFor } from './kill-harness.ts';

const PASS = { director: 'director-key-pass', accountant: 'accountant-key-pass' };

async function keyFile(dir: string, who: 'director' | 'accountant', iin: string): Promise<string> {
  const c = await makeTestCert({ cn: who === 'director' ? 'ДИРЕКТОРОВ ДАНИЯР' : 'БУХГАЛТЕРОВА ӘЙГЕРІМ', iin, bin: '150140001239' });
  const file = path.join(dir, `${who}.pem`);
  await writeFile(file, c.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS[who] }) + c.pem);
  return file;
}

describe('signing end to end (CLI + gateway)', () => {
  it('a dropped file\'s documents need first + second: each signer signs with their key, documents reach signed; refused combinations leave them unsigned', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bankgate-sign-e2e-'));
    await keyFile(dir, 'director', '880101300123');
    await keyFile(dir, 'accountant', '900202400234');
    await writeFile(
      path.join(dir, 'bankgate.toml'),
      [
        '[http]',
        'port = 0',
        '[signing]',
        'policies = [{ account = "*", kinds = ["*"], sets = ["first+second"] }]',
        '[signing.providers.software]',
        'keys = [{ path = "director.pem" }, { path = "accountant.pem" }]',
      ].join('\n'),
    );
    const api = await apiViewer(dir);
    const gw = spawnGateway(dir, ['start']);
    const url = await gw.ready;
    await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', gen1cBytes({ firstNumber: 1, documents: 3 }));
    type Doc = { id: string; state: string; number: string };
    const docs = await waitFor('3 documents awaiting signature', async () => {
      const body = (await api.json(url, `/api/v1/documents?state=awaiting-signature`)) as { items: Doc[] };
      return body.items.length === 3 ? body.items : undefined;
    }, 10_000, 50);

    expect((await runCli(dir, ['users', 'add', 'director', '--name', 'Директоров Данияр', '--right', '*=first'])).code).toBe(0);
    expect((await runCli(dir, ['users', 'add', 'accountant', '--name', 'Бухгалтерова Әйгерім', '--right', '*=second'])).code).toBe(0);
    const list = JSON.parse((await runCli(dir, ['keys', 'list', '--json'])).stdout) as { keys: { id: string; iin: string; bin: string; commonName: string; boundUser: string | null }[] };
    expect(list.keys.map((k) => [k.iin, k.bin, k.boundUser]).sort()).toEqual([['880101300123', '150140001239', null], ['900202400234', '150140001239', null]]);
    const keyOf = (iin: string) => list.keys.find((k) => k.iin === iin)!.id;
    expect((await runCli(dir, ['keys', 'bind', keyOf('880101300123'), 'director'])).code).toBe(0);
    expect((await runCli(dir, ['keys', 'bind', keyOf('900202400234'), 'accountant'])).code).toBe(0);

    // A wrong password signs nothing.
    const wrong = await runCli(dir, ['sign', '--key', keyOf('880101300123'), '--all-waiting'], {}, 'not-the-password\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/SIGN_PASSWORD_INCORRECT/);

    // The director signs first: each line shows the document and its hash before the password is asked.
    const first = await runCli(dir, ['sign', '--key', keyOf('880101300123'), '--all-waiting'], {}, `${PASS.director}\n`);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(first.stdout.match(/✓ signed as first — needs one more signature/g)?.length).toBe(3);
    // Signing again with the same user is refused (nothing waits for them any more; naming a document explicitly is refused).
    const again = await runCli(dir, ['sign', '--key', keyOf('880101300123'), docs[0]!.id], {}, `${PASS.director}\n`);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/SIGN_SAME_USER/);

    const second = await runCli(dir, ['sign', '--key', keyOf('900202400234'), '--all-waiting'], {}, `${PASS.accountant}\n`);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout.match(/✓ signed as second — complete/g)?.length).toBe(3);

    const signed = (await api.json(url, `/api/v1/documents?state=signed`)) as { items: Doc[] };
    expect(signed.items.map((d) => d.number).sort()).toEqual(['1', '2', '3']);
    const keys = (await api.json(url, `/api/v1/keys`)) as { items: { id: string; user: string; served: boolean; unlocked: boolean }[] };
    // Keys bound after the gateway started are shown from the store (a restart gives them workers).
    expect(keys.items.map((k) => k.user).sort()).toEqual(['accountant', 'director']);
    expect((await runCli(dir, ['audit', 'verify'])).code).toBe(0);
    expect(await gw.kill('SIGTERM')).toBe(0);
  });
});
