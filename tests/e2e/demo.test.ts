// The demo profile end to end (issue 5 walk-through): `bankgate start` with no configuration file runs the built-in
// sandbox bank; samples/demo/1c_to_kl.txt dropped into in/ ends with two executed payments, one invalid document with
// its .err, per-document status files, and a statement for 1C in out/ whose balances reconcile; that statement dropped
// back into in/ by mistake is refused as a whole (FMT_STATEMENT_NOT_ORDERS), so automatic signing pays nothing twice.
// Automatic signing (BANKGATE_DEMO_AUTOSIGN=1) stands in for the signer here; tests/browser/ sign in the browser.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatement1c } from '../../plugins/format-1c-kz/index.ts';
import { REPO, apiViewer, runCli, spawnGateway } from './gateway-process.ts';
import { dropFile, waitFor } from './kill-harness.ts';

describe('demo profile (no configuration file)', () => {
  it('a dropped demo file ends with executed payments, an invalid document with its .err, status files and a reconciling statement', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bankgate-demo-'));
    const api = await apiViewer(dir);
    const gw = spawnGateway(dir, ['start'], { BANKGATE_HTTP_PORT: '0', BANKGATE_BANK_STATEMENTS_SCHEDULE: '*/2 * * * * *', BANKGATE_DEMO_AUTOSIGN: '1' });
    const url = await gw.ready;
    await waitFor('demo banner', async () => gw.output().includes('DEMO mode'), 5000, 50);
    const out = path.join(dir, 'exchange/default/out');
    await dropFile(path.join(dir, 'exchange/default/in'), '1c_to_kl.txt', new Uint8Array(readFileSync(path.join(REPO, 'samples/demo/1c_to_kl.txt'))));

    type Doc = { number: string; state: string };
    const docs = await waitFor('payments executed', async () => {
      const items = ((await api.json(url, `/api/v1/documents`)) as { items: Doc[] }).items;
      const by = Object.fromEntries(items.map((d) => [d.number, d.state]));
      return by['9001'] === 'executed' && by['9002'] === 'executed' ? by : undefined;
    }, 30_000, 200);
    expect(docs['9003']).toBe('invalid');
    expect(readFileSync(path.join(out, '1c_to_kl.txt.err'), 'utf8')).toMatch(/VAL_IBAN_CHECKSUM/);

    const statusFiles = await waitFor('status files', async () => {
      const names = existsSync(path.join(out, 'status')) ? await readdir(path.join(out, 'status')) : [];
      return names.length === 2 ? names : undefined;
    }, 10_000, 200);
    for (const n of statusFiles) expect(readFileSync(path.join(out, 'status', n), 'utf8')).toMatch(/Состояние=executed\r\nСостояниеТекст=Исполнен \/ Орындалды/);

    // The statement of the payer account for today, written by the statement schedule, contains both payments.
    const stFile = await waitFor('statement in out/', async () => {
      const names = (await readdir(out)).filter((n) => n.startsWith('kl_to_1c_KZ90601A861000012345_'));
      if (names.length === 0) return undefined;
      const bytes = new Uint8Array(readFileSync(path.join(out, names[0]!)));
      const parsed = await parseStatement1c(bytes);
      const numbers = parsed.statement?.operations.map((o) => o.number) ?? [];
      return numbers.includes('9001') && numbers.includes('9002') ? { ...parsed, bytes } : undefined;
    }, 30_000, 500);
    const st = stFile.statement!;
    expect(stFile.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(st.openingBalance.minor + st.totalCredits.minor - st.totalDebits.minor).toBe(st.closingBalance.minor);
    expect(st.operations.find((o) => o.number === '9001')).toMatchObject({ direction: 'debit', amount: { minor: 118000000n } });
    // The bank knows the client by the company of the dropped file.
    expect(new TextDecoder('windows-1251').decode(stFile.bytes)).toContain('ПлательщикНаименование=ТОО "Пример Логистик"');

    // The statement dropped into in/ as if it were payments: refused as a whole, its debits 9001 and 9002 not paid again.
    await dropFile(path.join(dir, 'exchange/default/in'), 'kl_to_1c.txt', stFile.bytes);
    type FileItem = { name: string; state: string; error: { code: string }[] | null };
    const refused = await waitFor('statement refused', async () => {
      const items = ((await api.json(url, `/api/v1/files`)) as { items: FileItem[] }).items;
      return items.find((f) => f.name === 'kl_to_1c.txt' && f.state !== 'received');
    }, 15_000, 200);
    expect(refused.state).toBe('invalid');
    expect(refused.error?.map((e) => e.code)).toContain('FMT_STATEMENT_NOT_ORDERS');
    expect(readFileSync(path.join(out, 'kl_to_1c.txt.err'), 'utf8')).toMatch(/^321, Строка \d+, Файл — банковская выписка/m);
    expect(JSON.parse(readFileSync(path.join(out, 'kl_to_1c.txt.result.json'), 'utf8'))).toMatchObject({ accepted: false });
    expect(existsSync(path.join(dir, 'exchange/default/error/kl_to_1c.txt'))).toBe(true);
    const after = ((await api.json(url, `/api/v1/documents`)) as { items: Doc[] }).items;
    expect(after.map((d) => d.number).sort()).toEqual(['9001', '9002', '9003']);

    expect((await runCli(dir, ['audit', 'verify'])).code).toBe(0);
    expect(await gw.kill('SIGTERM')).toBe(0);
  });
});
