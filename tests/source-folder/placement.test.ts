// Where files end up: archive/YYYY-MM-DD/ or error/ with .err + .err.json, never overwriting, and the size limit.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Clock } from '../../gateway/core/clock.ts';
import { localDay } from '../../plugins/source-folder/layout.ts';
import { cleanup, ls, sleep, startSource, tempRoot, waitFor } from './helpers.ts';

afterEach(cleanup);

// A fixed clock keeps the dated archive folder predictable even across midnight.
const at = new Date(2025, 2, 14, 10, 30);
const clock: Clock = { now: () => at.getTime() };
const day = localDay(at);

describe('source-folder placement', () => {
  it('archives into archive/YYYY-MM-DD/ and never overwrites an earlier file of the same name', async () => {
    const root = await tempRoot();
    const dayDir = path.join(root, 'archive', day);
    await mkdir(dayDir, { recursive: true });
    await writeFile(path.join(dayDir, 'pay.txt'), 'yesterday');
    const { src, deliveries } = startSource({ root }, () => ({ to: 'archive' }), { clock });
    await src.ready;
    await writeFile(path.join(root, 'in', 'pay.txt'), 'today');
    await waitFor(() => deliveries.length === 1);
    const { claimId } = deliveries[0]!.file;
    await waitFor(async () => (await ls(dayDir)).length === 2);
    expect(day).toBe('2025-03-14');
    expect(await ls(dayDir)).toEqual([`pay.${claimId}.txt`, 'pay.txt']);
    expect(await readFile(path.join(dayDir, 'pay.txt'), 'utf8')).toBe('yesterday');
    expect(await readFile(path.join(dayDir, `pay.${claimId}.txt`), 'utf8')).toBe('today');
  });

  it('error disposition: writes .err and .err.json, then moves the file to error/', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource(
      { root, mailbox: 'acme' },
      () => ({ to: 'error', issues: [{ code: 'FMT_REQUIRED_KEY', severity: 'error', line: 3, field: 'Сумма', message: 'missing amount' }] }),
      { clock },
    );
    await src.ready;
    await writeFile(path.join(root, 'in', 'bad.txt'), 'broken');
    await waitFor(() => deliveries.length === 1);
    const err = path.join(root, 'error');
    await waitFor(async () => (await ls(err)).length === 3);
    expect(await ls(err)).toEqual(['bad.txt', 'bad.txt.err', 'bad.txt.err.json']);
    expect(await readFile(path.join(err, 'bad.txt'), 'utf8')).toBe('broken');
    const text = await readFile(path.join(err, 'bad.txt.err'), 'utf8');
    expect(text.startsWith('\uFEFF303, Строка 3, ')).toBe(true);
    const json = JSON.parse(await readFile(path.join(err, 'bad.txt.err.json'), 'utf8'));
    expect(json).toMatchObject({ file: 'bad.txt', mailbox: 'acme', at: at.toISOString(), problems: [{ code: 'FMT_REQUIRED_KEY', line: 3, field: 'Сумма' }] });
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('error/ name clash: the file and both side-cars use the claimId-suffixed name', async () => {
    const root = await tempRoot();
    const err = path.join(root, 'error');
    await mkdir(err, { recursive: true });
    await writeFile(path.join(err, 'bad.txt'), 'earlier');
    await writeFile(path.join(err, 'bad.txt.err'), 'earlier report');
    const { src, deliveries } = startSource({ root }, () => ({ to: 'error', issues: [{ code: 'FMT_SYNTAX', severity: 'error', message: 'nope' }] }));
    await src.ready;
    await writeFile(path.join(root, 'in', 'bad.txt'), 'later');
    await waitFor(() => deliveries.length === 1);
    const id = deliveries[0]!.file.claimId;
    await waitFor(async () => (await ls(err)).length === 5);
    expect(await ls(err)).toEqual([`bad.${id}.txt`, `bad.${id}.txt.err`, `bad.${id}.txt.err.json`, 'bad.txt', 'bad.txt.err'].sort());
    expect(await readFile(path.join(err, 'bad.txt'), 'utf8')).toBe('earlier');
    expect(await readFile(path.join(err, 'bad.txt.err'), 'utf8')).toBe('earlier report');
    expect(await readFile(path.join(err, `bad.${id}.txt`), 'utf8')).toBe('later');
  });

  it('an oversized file is claimed, never delivered, and lands in error/ with both side-cars', async () => {
    const root = await tempRoot();
    const { src, deliveries } = startSource({ root, maxBytes: 10 });
    await src.ready;
    await writeFile(path.join(root, 'in', 'big.txt'), 'x'.repeat(100));
    await writeFile(path.join(root, 'in', 'small.txt'), 'tiny');
    const err = path.join(root, 'error');
    await waitFor(async () => (await ls(err)).length === 3);
    await waitFor(() => deliveries.length === 1);
    await sleep(300);
    expect(deliveries.map((d) => d.file.name)).toEqual(['small.txt']);
    expect(await ls(err)).toEqual(['big.txt', 'big.txt.err', 'big.txt.err.json']);
    const json = JSON.parse(await readFile(path.join(err, 'big.txt.err.json'), 'utf8'));
    expect(json.problems[0].code).toBe('SRC_FILE_TOO_LARGE');
    expect(json.problems[0].message).toContain('100');
    expect(json.problems[0].message).toContain('10 bytes');
    expect(json.sha256).toBeUndefined();
    expect(await readFile(path.join(err, 'big.txt.err'), 'utf8')).toContain('202, Строка 0');
    expect(await ls(path.join(root, 'in'))).toEqual(['.processing']);
  });
});
