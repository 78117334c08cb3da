// The sandbox bank on its own thread (worker_threads), still inside the gateway's process: the bank's work — CMS
// verification, its books, execution — runs beside the gateway's event loop instead of on it, as a real bank runs
// elsewhere. The admin API stays synchronous for its callers: each call waits on a shared flag for the bank's answer.
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { silentLogger, type Logger } from '../../gateway/core/logger.ts';
import { AdminError, type SandboxAdmin } from './admin.ts';
import type { SandboxBank, SandboxBankOptions } from './bank.ts';
import type { AdminReply, AdminRequest, ThreadData } from './thread-worker.ts';

/** An admin call that takes longer than this means the bank thread is stuck: fail loudly rather than hang the gateway. */
const ADMIN_CALL_TIMEOUT_MS = 30_000;

/** The worker is TypeScript: its entry registers tsx first, then loads thread-worker.ts. */
const ENTRY = new URL('./thread-boot.mjs', import.meta.url);

type Ready = { type: 'ready'; url: string; tlsFingerprint: string; caPem: string; token: string; tokenFile: string };

export async function startSandboxBankThread(opts: Omit<SandboxBankOptions, 'clock'>): Promise<SandboxBank> {
  const { logger: optLogger, ...options } = opts;
  const logger: Logger = optLogger ?? silentLogger;
  const flag = new SharedArrayBuffer(4);
  const flagView = new Int32Array(flag);
  const rpc = new MessageChannel();
  const logs = new MessageChannel();
  logs.port1.on('message', (l: { level: 'debug' | 'info' | 'warn' | 'error'; bindings: Record<string, unknown>; obj: object | string; msg?: string }) => {
    const target = Object.keys(l.bindings).length ? logger.child(l.bindings) : logger;
    target[l.level](l.obj, l.msg);
  });
  logs.port1.unref();
  const workerData: ThreadData = { options, flag, rpc: rpc.port2, logs: logs.port2 };
  const worker = new Worker(ENTRY, { workerData, transferList: [rpc.port2, logs.port2], name: 'bank-sandbox' });
  let failure: Error | null = null;

  const ready = await new Promise<Ready>((resolve, reject) => {
    const onMessage = (m: Ready) => {
      if (m.type !== 'ready') return;
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(m);
    };
    const onError = (e: Error) => reject(e);
    const onExit = (code: number) => reject(new Error(`the sandbox bank thread exited (code ${code}) before it was ready`));
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
  worker.on('error', (e) => {
    failure = e;
    logger.error({ err: e }, 'sandbox bank thread failed');
  });

  function call(method: keyof SandboxAdmin, args: unknown[]): unknown {
    if (failure) throw new Error(`the sandbox bank thread failed: ${failure.message}`);
    Atomics.store(flagView, 0, 0);
    rpc.port1.postMessage({ method, args } satisfies AdminRequest);
    if (Atomics.wait(flagView, 0, 0, ADMIN_CALL_TIMEOUT_MS) === 'timed-out') throw new Error(`sandbox admin ${String(method)} got no answer in ${ADMIN_CALL_TIMEOUT_MS} ms`);
    const got = receiveMessageOnPort(rpc.port1);
    if (!got) throw new Error(`sandbox admin ${String(method)}: the answer was lost`);
    const reply = got.message as AdminReply;
    if (reply.ok) return reply.value;
    const e = reply.error;
    if (e.status !== undefined && e.code !== undefined) throw new AdminError(e.status as 400 | 404 | 409, e.code, e.message);
    const err = new Error(e.message);
    err.name = e.name;
    throw err;
  }

  const admin = new Proxy({ token: ready.token, tokenFile: ready.tokenFile } as SandboxAdmin, {
    get(target, prop) {
      if (prop === 'token' || prop === 'tokenFile') return target[prop];
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args: unknown[]) => call(prop as keyof SandboxAdmin, args);
    },
  });

  let closing: Promise<void> | null = null;
  return {
    url: ready.url,
    tlsFingerprint: ready.tlsFingerprint,
    caPem: ready.caPem,
    admin,
    close() {
      closing ??= (async () => {
        if (!failure) {
          const closed = new Promise<void>((resolve) => {
            worker.on('message', (m: { type: string }) => m.type === 'closed' && resolve());
            worker.once('exit', () => resolve());
          });
          worker.postMessage({ type: 'close' });
          await closed;
        }
        await worker.terminate();
        rpc.port1.close();
        logs.port1.close();
      })();
      return closing;
    },
  };
}
