// A real PKCS#11 token (SoftHSM2) through the CLI: `keys list` and `tokens` show its real keys and certificate facts,
// a wrong PIN is refused, and documents of a dropped file are signed with the token key (single right).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { createSoftHsm, softhsmMissing, SOFTHSM_MODULE, SOFTHSM_PIN, type SoftHsm } from '../fixtures/softhsm.ts';
import { requirePart } from '../signer/providers/require.ts';
import { apiViewer, runCli, spawnGateway } from './gateway-process.ts';
import { dropFile, waitFor } from './kill-harness.ts';

const missing = softhsmMissing();
const run = requirePart('SoftHSM2', missing.length === 0, `missing ${missing.join(', ')} (Debian: apt-get install softhsm2 opensc)`);
let hsm: SoftHsm | undefined;
afterAll(() => hsm && rmSync(hsm.dir, { recursive: true, force: true }));

describe.skipIf(!run)('signing with a PKCS#11 token (SoftHSM2) through the CLI', () => {
  it('keys list and tokens show the token; sign --key with the PIN signs the dropped documents', { timeout: 90_000 }, async () => {
    hsm = await createSoftHsm(['director-token']);
    await hsm.tokenKey('director-token', '01', 'EC:prime256v1', 'director-ecp', { cn: 'ДИРЕКТОРОВ ДАНИЯР', iin: '880101300123', bin: '150140001239' });
    const dir = hsm.dir;
    const env = { SOFTHSM2_CONF: hsm.conf };
    writeFileSync(path.join(dir, 'bankgate.toml'), ['[http]', 'port = 0', '[signing.providers]', `pkcs11 = [{ name = "kaztoken", module = "${SOFTHSM_MODULE}", token_label = "director-token" }]`].join('\n'));

    const keys = JSON.parse((await runCli(dir, ['keys', 'list', '--json'], env)).stdout) as { keys: { id: string; provider: string; tokenLabel: string; tokenSerial: string; label: string; commonName: string; iin: string; bin: string; notAfter: string; boundUser: null }[]; errors: unknown[] };
    expect(keys.errors).toEqual([]);
    expect(keys.keys).toHaveLength(1);
    const key = keys.keys[0]!;
    expect(key).toMatchObject({ id: `pkcs11:${hsm.serials['director-token']}:01`, provider: 'kaztoken', tokenLabel: 'director-token', label: 'director-ecp', commonName: 'ДИРЕКТОРОВ ДАНИЯР', iin: '880101300123', bin: '150140001239', boundUser: null });
    const text = await runCli(dir, ['keys', 'list'], env);
    expect(text.stdout).toContain('IIN 880101300123  BIN 150140001239');
    const tokens = JSON.parse((await runCli(dir, ['tokens', '--json'], env)).stdout) as { pkcs11: unknown[] };
    expect(tokens.pkcs11).toEqual([{ provider: 'kaztoken', tokenLabel: 'director-token', tokenSerial: hsm.serials['director-token'], keys: 1 }]);

    const api = await apiViewer(dir);
    const gw = spawnGateway(dir, ['start'], env);
    const url = await gw.ready;
    await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', gen1cBytes({ firstNumber: 7, documents: 2 }));
    await waitFor('documents awaiting signature', async () => ((await api.json(url, `/api/v1/documents?state=awaiting-signature`)) as { items: unknown[] }).items.length === 2, 10_000, 50);
    expect((await runCli(dir, ['users', 'add', 'director', '--name', 'Директоров Данияр', '--right', 'KZ90601A861000012345=single'], env)).code).toBe(0);
    expect((await runCli(dir, ['keys', 'bind', 'director-ecp', 'director'], env)).code).toBe(0);

    const wrong = await runCli(dir, ['sign', '--key', 'director-ecp', '--all-waiting'], env, '0000\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/SIGN_PIN_INCORRECT/);
    expect(wrong.stderr).not.toContain('0000');

    const ok = await runCli(dir, ['sign', '--key', 'director-ecp', '--all-waiting'], env, `${SOFTHSM_PIN}\n`);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout.match(/✓ signed as single — complete/g)?.length).toBe(2);
    const signed = (await api.json(url, `/api/v1/documents?state=signed`)) as { items: { number: string }[] };
    expect(signed.items.map((d) => d.number).sort()).toEqual(['7', '8']);
    expect(await gw.kill('SIGTERM')).toBe(0);
  });
});
