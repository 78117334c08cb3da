// Inside the sandbox bank's own thread: starts the bank, answers the admin calls of the thread that owns it (a
// synchronous RPC: the caller waits on a shared flag) and forwards log lines to the owner's logger.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Logger } from '../../gateway/core/logger.ts';
import { AdminError, type SandboxAdmin } from './admin.ts';
import { startSandboxBank, type SandboxBankOptions } from './bank.ts';

export interface ThreadData {
  options: Omit<SandboxBankOptions, 'clock' | 'logger'>;
  /** Int32 flag the owner waits on while an admin call runs (0 = waiting, 1 = answered). */
  flag: SharedArrayBuffer;
  rpc: MessagePort;
  logs: MessagePort;
}

export interface AdminRequest {
  method: keyof SandboxAdmin;
  args: unknown[];
}

export type AdminReply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string; status?: number; code?: string } };

const data = workerData as ThreadData;
const flag = new Int32Array(data.flag);

/** Log lines cross to the owner thread, where its own logger (pino, or a test's) writes them. */
function forwardingLogger(bindings: Record<string, unknown>): Logger {
  const send = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object | string, msg?: string) => {
    try {
      data.logs.postMessage({ level, bindings, obj, msg });
    } catch {
      data.logs.postMessage({ level, bindings, obj: { note: 'log fields could not be copied across threads' }, msg: typeof obj === 'string' ? obj : msg });
    }
  };
  return { debug: send('debug'), info: send('info'), warn: send('warn'), error: send('error'), child: (b) => forwardingLogger({ ...bindings, ...b }) };
}

const bank = await startSandboxBank({ ...data.options, logger: forwardingLogger({}) });

data.rpc.on('message', (req: AdminRequest) => {
  let reply: AdminReply;
  try {
    const fn = bank.admin[req.method] as unknown;
    if (typeof fn !== 'function') throw new Error(`no admin method ${String(req.method)}`);
    reply = { ok: true, value: (fn as (...a: unknown[]) => unknown).apply(bank.admin, req.args) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { ok: false, error: { name: err.name, message: err.message, ...(e instanceof AdminError ? { status: e.status, code: e.code } : {}) } };
  }
  data.rpc.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

parentPort!.on('message', (m: { type: 'close' }) => {
  if (m.type !== 'close') return;
  void bank.close().finally(() => {
    data.rpc.close();
    data.logs.close();
    parentPort!.postMessage({ type: 'closed' });
  });
});

parentPort!.postMessage({ type: 'ready', url: bank.url, tlsFingerprint: bank.tlsFingerprint, caPem: bank.caPem, token: bank.admin.token, tokenFile: bank.admin.tokenFile });
