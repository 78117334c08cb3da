// A real OpenSSH server for the bank-sftp tests: /usr/sbin/sshd on a free 127.0.0.1 port, its own host key, one
// authorised client key, internal-sftp, everything (config, keys, pid file, bank folders) inside one temp dir.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SSHD_PATH = '/usr/sbin/sshd';

/** Why the sshd tests cannot run here, or null when they can. With REQUIRE_SERVICES=1 a reason is a failure. */
export function sshdUnavailable(): string | null {
  if (!existsSync(SSHD_PATH)) return `${SSHD_PATH} is not installed (apt-get install openssh-server)`;
  if (!existsSync('/usr/bin/ssh-keygen')) return 'ssh-keygen is not installed';
  return null;
}

/** Call at the top of a test file: prints the reason and returns true to skip; throws when REQUIRE_SERVICES=1. */
export function skipWithoutSshd(): boolean {
  const reason = sshdUnavailable();
  if (!reason) return false;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`REQUIRE_SERVICES=1 but ${reason}`);
  console.warn(`[bank-sftp tests skipped] ${reason}`);
  return true;
}

export interface SshdOptions {
  /** Passphrase of the generated client key ('' = none). */
  passphrase?: string;
}

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  username: string;
  /** Temp dir holding everything; removed by `dispose`. */
  dir: string;
  /** The bank's folders as sshd users see them (absolute paths; the server runs on this machine). */
  uploadDir: string;
  downloadDir: string;
  clientKeyPath: string;
  passphrase: string;
  /** The server's host key as OpenSSH prints it: `SHA256:<base64 without padding>`. */
  hostKeySha256: string;
  /** Starts sshd again on the same port with the same keys (after `stop`). */
  start(): Promise<void>;
  /** Stops the listener and every session it forked: the bank goes dark, open connections drop. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `ssh-keygen -lf` form of a public key line: SHA-256 of the key blob, base64 without '='. */
function fingerprintOfPublicKeyLine(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Pids whose parent is `pid`, read from /proc (sshd forks each session into its own session id, out of our group). */
async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 (after the parenthesised command, which may itself contain spaces) is the parent pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(entry));
  }
  return out;
}

async function descendantsOf(pid: number): Promise<number[]> {
  const all: number[] = [];
  for (const c of await childrenOf(pid)) all.push(c, ...(await descendantsOf(c)));
  return all;
}

function sshdConfig(o: { port: number; dir: string; username: string; root: boolean }): string {
  return [
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(o.dir, 'host_ed25519')}`,
    `PidFile ${join(o.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(o.dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // Our temp dir and key files are not laid out the way sshd's owner/mode checks expect for a home dir.
    'StrictModes no',
    o.root ? 'PermitRootLogin prohibit-password' : 'PermitRootLogin no',
    `AllowUsers ${o.username}`,
    'Subsystem sftp internal-sftp',
    'LogLevel INFO',
    // Dropped sessions must go away quickly when the tests cut connections.
    'ClientAliveInterval 5',
    'ClientAliveCountMax 2',
    '',
  ].join('\n');
}

export async function startSshd(o: SshdOptions = {}): Promise<Sshd> {
  const reason = sshdUnavailable();
  if (reason) throw new Error(reason);
  const dir = await mkdtemp(join(tmpdir(), 'bankgate-sshd-'));
  const username = userInfo().username;
  const root = process.getuid?.() === 0;
  const passphrase = o.passphrase ?? '';
  const hostKey = join(dir, 'host_ed25519');
  const clientKeyPath = join(dir, 'client_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bankgate-test-host', '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'bankgate-test-client', '-f', clientKeyPath]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(`${clientKeyPath}.pub`, 'utf8'), { mode: 0o600 });
  const hostKeySha256 = fingerprintOfPublicKeyLine(await readFile(`${hostKey}.pub`, 'utf8'));
  const uploadDir = join(dir, 'bank', 'in');
  const downloadDir = join(dir, 'bank', 'out');
  await mkdir(uploadDir, { recursive: true });
  await mkdir(downloadDir, { recursive: true });
  // sshd started by root insists on its privilege-separation dir (Debian creates it only when the service starts).
  if (root) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  let port = 0;
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const cfg = join(dir, 'sshd_config');
    await writeFile(cfg, sshdConfig({ port, dir, username, root }));
    const p = spawn(SSHD_PATH, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = p;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${log}`)), 10_000);
      p.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server listening on 127.0.0.1')) {
          clearTimeout(timer);
          resolve();
        }
      });
      p.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited (${code ?? signal}) before listening:\n${log}`));
      });
    });
    // Keep draining stderr so sshd never blocks on a full pipe; the log stays available for debugging.
    p.stderr!.on('data', (d: Buffer) => {
      if (process.env.SSHD_LOG === '1') process.stderr.write(`[sshd] ${d.toString()}`);
    });
  };

  const start = async (): Promise<void> => {
    if (child) return;
    if (port !== 0) return launch();
    // A freshly probed port can be taken between probe and bind: try a few.
    let last: unknown;
    for (let i = 0; i < 5; i++) {
      port = await freePort();
      try {
        return await launch();
      } catch (e) {
        child = null;
        last = e;
      }
    }
    throw last;
  };

  const stop = async (): Promise<void> => {
    const p = child as ChildProcess | null;
    if (!p || p.pid === undefined) return;
    child = null;
    const sessions = await descendantsOf(p.pid);
    const exited = p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    for (const pid of sessions) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  };

  await start();
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    username,
    dir,
    uploadDir,
    downloadDir,
    clientKeyPath,
    passphrase,
    hostKeySha256,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
