// Test helper: runs the real `bankgate` command as a child process and tells when it is serving.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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

export function spawnGateway(cwd: string, args: string[] = ['start'], env: NodeJS.ProcessEnv = {}): GatewayProcess {
  const proc = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, BANKGATE_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /HTTP API at (http:\/\/\S+)/.exec(out);
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
