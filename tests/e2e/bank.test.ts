// Issue 5 end to end with a real configuration: the embedded sandbox bank, a single-signature payment signed with a
// key file, a two-signature pension payment (first: the key file, second: a SoftHSM2 token key) and an invalid
// document; both payments executed, the invalid one reported with its .err, a reconciling statement in out/ with
// both payments, and an FX buy order ending with its deal confirmation file.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStatement1c } from '../../plugins/format-1c-kz/index.ts';
import { makeTestCert } from '../fixtures/pki.ts';
import { createSoftHsm, softhsmMissing, SOFTHSM_MODULE, SOFTHSM_PIN, type SoftHsm } from '../fixtures/softhsm.ts';
import { requirePart } from '../signer/providers/require.ts';
import { REPO, apiViewer, runCli, spawnGateway } from './gateway-process.ts';
import { dropFile, waitFor } from './kill-harness.ts';

const missing = softhsmMissing();
const run = requirePart('SoftHSM2', missing.length === 0, `missing ${missing.join(', ')} (Debian: apt-get install softhsm2 opensc)`);
let hsm: SoftHsm | undefined;
afterAll(() => hsm && rmSync(hsm.dir, { recursive: true, force: true }));

describe.skipIf(!run)('bank end to end (configured: embedded sandbox, key file + token)', () => {
  it('single and two-signature payments are executed, the invalid one reported, the statement and the FX confirmation reach out/', { timeout: 120_000 }, async () => {
    hsm = await createSoftHsm(['accountant-token']);
    await hsm.tokenKey('accountant-token', '01', 'EC:prime256v1', 'accountant-ecp', { cn: 'БУХГАЛТЕРОВА ӘЙГЕРІМ', iin: '900202400234', bin: '150140001239' });
    const dir = hsm.dir;
    const env = { SOFTHSM2_CONF: hsm.conf };
    const director = await makeTestCert({ cn: 'ДИРЕКТОРОВ ДАНИЯР', iin: '880101300123', bin: '150140001239' });
    writeFileSync(path.join(dir, 'director.pem'), director.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'director-pass' }) + director.pem);
    writeFileSync(
      path.join(dir, 'bankgate.toml'),
      [
        '[http]',
        'port = 0',
        '[signing]',
        // Pension contributions need two people; everything else may be signed alone.
        'policies = [{ account = "*", kinds = ["pension"], sets = ["first+second"] }]',
        '[signing.providers]',
        `pkcs11 = [{ name = "kaztoken", module = "${SOFTHSM_MODULE}", token_label = "accountant-token" }]`,
        '[signing.providers.software]',
        'keys = [{ path = "director.pem" }]',
        '[bank]',
        'connector = "sandbox"',
        'status_poll_ms = 200',
        '[bank.sandbox]',
        'always_open = true',
        '[bank.statements]',
        'schedule = "*/2 * * * * *"',
      ].join('\n'),
    );
    const api = await apiViewer(dir);
    const gw = spawnGateway(dir, ['start'], env);
    const url = await gw.ready;
    expect(gw.output()).toContain('bank: bank-sandbox (built-in sandbox at https://127.0.0.1:');
    const out = path.join(dir, 'exchange/default/out');
    await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', new Uint8Array(readFileSync(path.join(REPO, 'samples/demo/1c_to_kl.txt'))));
    type Doc = { id: string; number: string; state: string };
    const byNumber = async () => Object.fromEntries((((await api.json(url, `/api/v1/documents`)) as { items: Doc[] }).items).map((d) => [d.number, d]));
    await waitFor('documents parsed', async () => (await byNumber())['9001']?.state === 'awaiting-signature', 10_000, 100);

    const cli = (args: string[], input?: string) => runCli(dir, args, env, input);
    expect((await cli(['users', 'add', 'director', '--name', 'Директоров Данияр', '--right', '*=single'])).code).toBe(0);
    expect((await cli(['users', 'add', 'accountant', '--name', 'Бухгалтерова Әйгерім', '--right', '*=second'])).code).toBe(0);
    const keys = JSON.parse((await cli(['keys', 'list', '--json'])).stdout) as { keys: { id: string; iin: string }[] };
    const directorKey = keys.keys.find((k) => k.iin === '880101300123')!.id;
    const tokenKey = keys.keys.find((k) => k.iin === '900202400234')!.id;
    expect((await cli(['keys', 'bind', directorKey, 'director'])).code).toBe(0);
    expect((await cli(['keys', 'bind', tokenKey, 'accountant'])).code).toBe(0);

    // The director signs both: the payment is complete (single), the pension waits for the second signature.
    const first = await cli(['sign', '--key', directorKey, '--all-waiting'], 'director-pass\n');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/signed as single — complete/);
    expect(first.stdout).toMatch(/signed as first — needs one more signature/);
    const second = await cli(['sign', '--key', tokenKey, '--all-waiting'], `${SOFTHSM_PIN}\n`);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/signed as second — complete/);

    await waitFor('both payments executed', async () => {
      const d = await byNumber();
      return d['9001']?.state === 'executed' && d['9002']?.state === 'executed';
    }, 30_000, 200);
    expect((await byNumber())['9003']!.state).toBe('invalid');
    expect(readFileSync(path.join(out, '1c_to_kl.txt.err'), 'utf8')).toMatch(/VAL_IBAN_CHECKSUM/);

    const statement = await waitFor('statement with both payments', async () => {
      const names = (await readdir(out)).filter((n) => n.startsWith('kl_to_1c_KZ90601A861000012345_'));
      for (const n of names) {
        const p = await parseStatement1c(new Uint8Array(readFileSync(path.join(out, n))));
        const numbers = p.statement?.operations.map((o) => o.number) ?? [];
        if (numbers.includes('9001') && numbers.includes('9002')) return p;
      }
      return undefined;
    }, 30_000, 500);
    const st = statement.statement!;
    expect(statement.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(st.openingBalance.minor + st.totalCredits.minor - st.totalDebits.minor).toBe(st.closingBalance.minor);

    // FX: an order to buy 1,000 USD, signed by the director, ends with the deal confirmation for 1C.
    const fx = await cli(['fx', 'buy', '--amount', '1000.00', '--currency', 'USD', '--from', 'KZ90601A861000012345', '--to', 'KZ86601A861000054321']);
    expect(fx.code, fx.stdout + fx.stderr).toBe(0);
    const fxId = /^(\w{26}):/m.exec(fx.stdout)![1]!;
    const fxSign = await cli(['sign', '--key', directorKey, fxId], 'director-pass\n');
    expect(fxSign.stdout).toMatch(/signed as single — complete/);
    const confirmation = await waitFor('FX confirmation file', async () => {
      const fxDir = path.join(out, 'fx');
      const names = existsSync(fxDir) ? await readdir(fxDir) : [];
      return names[0] ? readFileSync(path.join(fxDir, names[0]), 'utf8') : undefined;
    }, 30_000, 500);
    expect(confirmation).toMatch(/ВидСделки=Покупка\r\n/);
    expect(confirmation).toMatch(/Сумма=1000\.00\r\nВалюта=USD/);
    expect(confirmation).toContain(`ДокументШлюза=${fxId}`);

    expect((await cli(['audit', 'verify'])).code).toBe(0);
    expect(await gw.kill('SIGTERM')).toBe(0);
  });
});
