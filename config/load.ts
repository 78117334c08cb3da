// Loads the one config file (TOML), applies BANKGATE_<PATH> environment overrides, validates with zod,
// reports every problem at once, resolves relative paths and freezes the result.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { GatewayError } from '../gateway/core/errors.ts';
import { configSchema, type GatewayConfig } from './schema.ts';

export const CONFIG_FILE_NAME = 'bankgate.toml';
export const ENV_PREFIX = 'BANKGATE_';

export interface ConfigProblem {
  /** Dotted key path, e.g. `http.port`, or the env variable name. */
  path: string;
  message: string;
  /** Where the bad value came from: the file, an env variable, or the defaults. */
  source: string;
}

export interface LoadedConfig {
  config: Readonly<GatewayConfig>;
  /** Absolute path of the file read, or null when running on embedded defaults. */
  file: string | null;
  /** Folder relative paths were resolved against. */
  baseDir: string;
  /** Env variables that overrode file values. */
  envOverrides: string[];
}

export interface LoadOptions {
  /** Explicit --config path; otherwise `bankgate.toml` in cwd if present. */
  configPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export class ConfigError extends GatewayError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super('CFG_INVALID', `configuration has ${problems.length} problem(s):\n` + problems.map((p) => `  - ${p.path}: ${p.message} (${p.source})`).join('\n'));
    this.problems = problems;
  }
}

type Tree = Record<string, unknown>;

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new GatewayError('CFG_FILE_UNREADABLE', `cannot read config file ${file}: ${(e as Error).message}`);
  }
  try {
    return parseToml(text.replace(/^\uFEFF/, '')) as Tree;
  } catch (e) {
    const where = e instanceof TomlError ? ` at line ${e.line}, column ${e.column}` : '';
    throw new ConfigError([{ path: '(file)', message: `not valid TOML${where}: ${(e as Error).message.split('\n')[0]}`, source: file }]);
  }
}

/** Converts an env string to the type of the value it replaces (number, boolean, list, or string). */
function coerce(raw: string, like: unknown): unknown {
  if (typeof like === 'number') return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof like === 'boolean') return /^(true|1|yes)$/i.test(raw) ? true : /^(false|0|no)$/i.test(raw) ? false : raw;
  if (Array.isArray(like)) return raw.trim().startsWith('[') ? safeJson(raw) : raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Resolves `BANKGATE_HTTP_PORT` to ['http','port'] by matching segments against the keys known in
 * `shape` (defaults merged with the file), so keys containing `_` (max_bytes) resolve too.
 */
function resolveEnvPath(rest: string[], shape: unknown): string[] | null {
  if (rest.length === 0) return [];
  if (!isTree(shape)) return null;
  for (let take = rest.length; take >= 1; take--) {
    const key = rest.slice(0, take).join('_').toLowerCase();
    if (key in shape) {
      const tail = resolveEnvPath(rest.slice(take), shape[key]);
      if (tail) return [key, ...tail];
    }
  }
  return null;
}

function getAt(tree: Tree, keys: string[]): unknown {
  let cur: unknown = tree;
  for (const k of keys) cur = isTree(cur) ? cur[k] : undefined;
  return cur;
}

/** Sets a value; a missing parent is seeded from `seed` (defaults + file) so e.g. the default mailbox keeps its root. */
function setAt(tree: Tree, keys: string[], value: unknown, seed: Tree): void {
  let cur = tree;
  keys.slice(0, -1).forEach((k, i) => {
    if (!isTree(cur[k])) {
      const fromSeed = getAt(seed, keys.slice(0, i + 1));
      cur[k] = isTree(fromSeed) ? structuredClone(fromSeed) : {};
    }
    cur = cur[k] as Tree;
  });
  cur[keys[keys.length - 1]!] = value;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isTree(base) || !isTree(over)) return over === undefined ? base : over;
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(', ')} (secrets go in env variables named by a '*_env' key)`;
  const got = 'input' in issue && issue.input !== undefined ? `, got ${JSON.stringify(issue.input)}` : '';
  if (issue.code === 'invalid_type') return `expected ${issue.expected}${issue.input === undefined ? ' (missing)' : got}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') return issue.message.replace(/^Too (small|big): /, '') + got;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
  return issue.message + got;
}

function resolvePaths(cfg: GatewayConfig, baseDir: string): GatewayConfig {
  const abs = (p: string) => path.resolve(baseDir, p);
  return {
    ...cfg,
    data: { ...cfg.data, dir: abs(cfg.data.dir) },
    log: { ...cfg.log, ...(cfg.log.file ? { file: abs(cfg.log.file) } : {}) },
    mailboxes: Object.fromEntries(Object.entries(cfg.mailboxes).map(([name, m]) => [name, { ...m, root: abs(m.root) }])),
    bank: {
      ...cfg.bank,
      sandbox: { ...cfg.bank.sandbox, dir: abs(cfg.bank.sandbox.dir ?? path.join(cfg.data.dir, 'sandbox')) },
      ...(cfg.bank.sftp ? { sftp: { ...cfg.bank.sftp, private_key_path: abs(cfg.bank.sftp.private_key_path), state_dir: abs(cfg.bank.sftp.state_dir) } } : {}),
    },
    signing: {
      ...cfg.signing,
      providers: {
        software: { ...cfg.signing.providers.software, keys: cfg.signing.providers.software.keys.map((k) => ({ ...k, path: abs(k.path), ...(k.cert_path ? { cert_path: abs(k.cert_path) } : {}) })) },
        // A bare library name ('libsofthsm2.so') is left to the system loader's search path.
        pkcs11: cfg.signing.providers.pkcs11.map((p) => ({ ...p, module: /[\\/]/.test(p.module) ? abs(p.module) : p.module })),
      },
    },
  };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Values of every `*_env` key in the tree: environment variable names that hold secrets. */
function envNamesIn(tree: unknown): string[] {
  if (Array.isArray(tree)) return tree.flatMap(envNamesIn);
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => (k.endsWith('_env') && typeof v === 'string' ? [v] : envNamesIn(v)));
}

export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const explicit = opts.configPath ? path.resolve(cwd, opts.configPath) : null;
  const found = explicit ?? (existsSync(path.join(cwd, CONFIG_FILE_NAME)) ? path.join(cwd, CONFIG_FILE_NAME) : null);
  if (explicit && !existsSync(explicit)) throw new GatewayError('CFG_FILE_UNREADABLE', `config file not found: ${explicit}`);
  const fileTree: Tree = found ? readFile(found) : {};
  const baseDir = found ? path.dirname(found) : cwd;

  // Env overrides apply on top of the file; their keys are resolved against defaults + file keys.
  const defaults = configSchema.parse({}) as unknown as Tree;
  const merged = deepMerge(defaults, fileTree) as Tree;
  const tree: Tree = structuredClone(fileTree);
  const problems: ConfigProblem[] = [];
  const envOverrides: string[] = [];
  const sourceOf = new Map<string, string>();
  // Not overrides: the demo switches, and variables the configuration names as holding secrets (`*_env` values).
  const reserved = new Set(['BANKGATE_DEMO', 'BANKGATE_DEMO_AUTOSIGN', ...envNamesIn(merged)]);
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined || reserved.has(name)) continue;
    const keys = resolveEnvPath(name.slice(ENV_PREFIX.length).split('_').filter(Boolean), merged);
    if (!keys || keys.length === 0) {
      problems.push({ path: name, message: 'does not match any configuration key', source: 'environment' });
      continue;
    }
    setAt(tree, keys, coerce(raw, getAt(merged, keys)), merged);
    sourceOf.set(keys.join('.'), `env ${name}`);
    envOverrides.push(name);
  }

  const result = configSchema.safeParse(tree, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const p = issue.path.map(String).join('.') || '(root)';
      const src = [...sourceOf.entries()].find(([k]) => p === k || p.startsWith(k + '.'))?.[1] ?? (found ?? 'defaults');
      problems.push({ path: p, message: describeIssue(issue), source: src });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return { config: deepFreeze(resolvePaths(result.data!, baseDir)), file: found, baseDir, envOverrides };
}
