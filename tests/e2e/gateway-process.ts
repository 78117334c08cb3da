// Test helper: runs the real `bankgate` command as a child process and tells when it is serving.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { issueApiToken } from '../../gateway/auth/api-tokens.ts';
import { addUser } from '../../gateway/auth/users.ts';
import { openStore } from '../../gateway/store/db.ts';
import { findUserByLogin } from '../../gateway/store/users-repo.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(REPO, 'bin/bankgate.js');

export interface GatewayProcess {
  proc: ChildProcess;
  /** Resolves with the HTTP base URL once the gateway printed it; rejects if the process exits first. */
  ready: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `bankgate worker …`: ready (with '') once it printed that it runs. */
export function spawnWorker(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): GatewayProcess {
  return spawnGateway(cwd, ['worker', ...args], env, /bankgate: worker running()/);
}

export function spawnGateway(cwd: string, args: string[] = ['start'], env: NodeJS.ProcessEnv = {}, readyLine = /HTTP API at (http:\/\/\S+)/): GatewayProcess {
  const proc = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, BANKGATE_LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = readyLine.exec(out);
      if (m) resolve(m[1]!);
    };
    proc.stderr!.on('data', onData);
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    void exited.then((code) => reject(new Error(`gateway exited (${code}) before it was ready:\n${out}`)));
  });
  ready.catch(() => {});
  return {
    proc,
    ready,
    exited,
    output: () => out,
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Runs `bankgate ARGS`; `input` is written to its standard input (a PIN for `sign`). */
export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (input !== undefined) p.stdin!.end(input);
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    p.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A view-only user's API token for the gateway's /api/v1/* (which answers 401 without one). */
export interface ApiViewer {
  token: string;
  /** GET (or `init`) `${url}${path}` with `Authorization: Bearer <token>`. */
  fetch(url: string, path: string, init?: RequestInit): Promise<Response>;
  /** The JSON body of a GET; throws with the status and body when it is not 2xx. */
  json<T = unknown>(url: string, path: string): Promise<T>;
}

/**
 * Before (or between) gateway runs: opens the data dir's store and adds the user `e2e-viewer` (right none on every
 * account) with a fresh API token, through the same functions as `bankgate users add` and `users token`.
 */
export async function apiViewer(cwd: string, dataDir = path.join(cwd, 'data')): Promise<ApiViewer> {
  const store = openStore({ dataDir });
  let token: string;
  try {
    if (!(await findUserByLogin(store.sql, 'e2e-viewer'))) {
      await addUser(store.sql, { login: 'e2e-viewer', name: 'E2E viewer', rights: ['*=none'], actor: 'test', params: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
    }
    token = (await issueApiToken(store.sql, 'e2e-viewer', 'e2e tests', 'test')).token;
  } finally {
    await store.close();
  }
  const authed = (url: string, p: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(`${url}${p}`, { ...init, headers });
  };
  return {
    token,
    fetch: authed,
    async json<T>(url: string, p: string) {
      const r = await authed(url, p);
      if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
  };
}
