// The whole code base type-checks (TypeScript strict) and has no promise nobody awaits (typescript-eslint
// no-floating-promises, await-thenable): a store call left un-awaited would fail unseen or write after its transaction.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function check(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [cmd, ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}

describe('static checks', () => {
  it('tsc --noEmit finds no error', { timeout: 240_000 }, async () => {
    const r = await check('node_modules/typescript/bin/tsc', ['--noEmit', '-p', '.']);
    expect(r.out.split('\n').filter((l) => l.includes('error TS')).slice(0, 30)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('eslint finds no floating promise', { timeout: 240_000 }, async () => {
    const r = await check('node_modules/eslint/bin/eslint.js', ['.']);
    expect(r.out.trim().split('\n').slice(0, 40).join('\n')).toBe('');
    expect(r.code).toBe(0);
  });
});
