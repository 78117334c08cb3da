// `bankgate sandbox`: runs the sandbox bank on its own until SIGINT/SIGTERM, printing its URL, TLS fingerprint and
// the admin token file (never the token). Options come parsed (commander) or as argv.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { createLogger } from '../../gateway/logger.ts';
import type { SandboxConfigInput } from './config.ts';
import { startSandboxBank } from './bank.ts';

export interface SandboxStandaloneOptions {
  /** Default ./sandbox-data. */
  dataDir?: string;
  host?: string;
  port?: number | string;
  /** false serves plain HTTP. */
  tls?: boolean;
  /** A JSON or TOML file with the sandbox config (sandboxConfigSchema). */
  config?: string;
  /** Turns the incoming-payment generator on (whatever the config says). */
  incoming?: boolean;
  logLevel?: string;
  /** Where the human lines go (default stderr, so stdout stays JSON log lines). */
  print?: (line: string) => void;
  /** Resolves to stop (default: SIGINT / SIGTERM). */
  until?: Promise<unknown>;
}

function fromArgv(argv: string[]): SandboxStandaloneOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'no-tls': { type: 'boolean' },
      config: { type: 'string' },
      incoming: { type: 'boolean' },
      'log-level': { type: 'string' },
    },
  });
  return { dataDir: values['data-dir'], host: values.host, port: values.port, tls: !values['no-tls'], config: values.config, incoming: values.incoming, logLevel: values['log-level'] };
}

function readConfig(path: string): SandboxConfigInput {
  const text = readFileSync(path, 'utf8');
  return (path.endsWith('.toml') ? parseToml(text) : JSON.parse(text)) as SandboxConfigInput;
}

function signal(): Promise<NodeJS.Signals> {
  return new Promise((res) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      res(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Returns the process exit code. */
export async function runSandboxStandalone(input: SandboxStandaloneOptions | string[] = {}): Promise<number> {
  const o = Array.isArray(input) ? fromArgv(input) : input;
  const print = o.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = resolve(o.dataDir ?? 'sandbox-data');
  let config: SandboxConfigInput = {};
  try {
    if (o.config) config = readConfig(o.config);
    if (o.incoming) config = { ...config, incoming: { ...(config.incoming ?? {}), enabled: true } };
    const bank = await startSandboxBank({
      dataDir,
      host: o.host ?? '127.0.0.1',
      port: o.port === undefined ? 8443 : Number(o.port),
      tls: o.tls !== false,
      config,
      logger: createLogger({ level: o.logLevel ?? 'info' }),
    });
    print(`bankgate sandbox: bank API at ${bank.url}  (OpenAPI: ${bank.url}/openapi.json)`);
    if (bank.url.startsWith('https')) print(`bankgate sandbox: TLS certificate SHA-256 ${bank.tlsFingerprint}`);
    print(`bankgate sandbox: admin token in ${bank.admin.tokenFile}  (routes /v1/sandbox/*)`);
    print('bankgate sandbox: running — press Ctrl+C to stop');
    await (o.until ?? signal());
    await bank.close();
    print('bankgate sandbox: stopped');
    return 0;
  } catch (e) {
    print(`bankgate sandbox: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
