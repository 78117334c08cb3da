// The sandbox bank on its own thread: the admin API answers synchronously across threads (errors as AdminError), the
// bank serves HTTPS from the worker, its log lines reach the owner's logger, and close stops the thread.
import { describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { AdminError, startSandboxBankThread } from '../../../connectors/bank-sandbox/index.ts';
import type { Logger } from '../../../gateway/core/logger.ts';
import { tempDir } from './helpers.ts';

function collecting(into: { level: string; msg: string | undefined; bindings: Record<string, unknown> }[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (o: object | string, msg?: string) => into.push({ level, msg: typeof o === 'string' ? o : msg, bindings });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => collecting(into, { ...bindings, ...b }) };
}

describe('sandbox bank on its own thread', () => {
  it('admin calls are synchronous and typed errors cross the thread; HTTPS is served; logs reach the owner; close ends it', { timeout: 30_000 }, async () => {
    const logs: { level: string; msg: string | undefined; bindings: Record<string, unknown> }[] = [];
    const bank = await startSandboxBankThread({ dataDir: tempDir(), port: 0, logger: collecting(logs), config: { tick_ms: 60_000 } });
    let agent: Agent | undefined;
    try {
      const client = bank.admin.upsertClient({ client_id: 'acme', name: 'ТОО "Пример"', bin: '150140001239', token: 'acme-token-0123456789abcdef' });
      expect(client.client_id).toBe('acme');
      const acct = bank.admin.openAccount({ client_id: 'acme', iban: 'KZ90601A861000012345', currency: 'KZT', balance: '10.00' });
      expect(bank.admin.accounts('acme').map((a) => a.iban)).toEqual([acct.iban]);
      // The same IBAN twice: the worker's AdminError arrives as an AdminError with its status and code.
      let thrown: unknown;
      try {
        bank.admin.openAccount({ client_id: 'acme', iban: 'KZ90601A861000012345', currency: 'KZT', balance: '1.00' });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AdminError);
      expect((thrown as AdminError).status).toBe(409);
      agent = new Agent({ connect: { ca: bank.caPem } });
      const res = await fetch(`${bank.url}/v1/ping`, { headers: { authorization: 'Bearer acme-token-0123456789abcdef' }, dispatcher: agent });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { client: string }).client).toBe('acme');
      await new Promise((r) => setTimeout(r, 100));
      expect(logs.some((l) => l.msg === 'sandbox bank listening' && l.bindings.component === 'bank-sandbox')).toBe(true);
    } finally {
      await agent?.close();
      await bank.close();
    }
    await expect(fetch(`${bank.url}/v1/ping`)).rejects.toThrow();
  });
});
