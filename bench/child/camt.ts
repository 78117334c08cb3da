// Child process of the camt benchmark (its peak RSS is its own): `node bin/run-ts.js bench/child/camt.ts <saxes|read> <file>`.
// 'saxes' is the baseline: the same streaming UTF-8 decode and the same saxes configuration as the reader, counting
// elements and nothing else; 'read' is readCamt keeping the statement's operations as the gateway does.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import { readCamt } from '../../plugins/format-iso20022/camt/index.ts';

const CHUNK = Number(process.env["CAMT_BENCH_CHUNK"] ?? 64 * 1024);

async function bareSaxes(file: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  const parser = new SaxesParser({ xmlns: false, position: true });
  let elements = 0;
  let entries = 0;
  parser.on('opentag', (tag) => {
    elements++;
    if (tag.name === 'Ntry') entries++;
  });
  parser.on('text', () => undefined);
  const dec = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) parser.write(dec.decode(chunk as Buffer, { stream: true }));
  parser.close();
  return { seconds: (performance.now() - t0) / 1000, elements, entries };
}

async function ours(file: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  let [statements, entries, issues, errors] = [0, 0, 0, 0];
  for await (const item of readCamt(createReadStream(file, { highWaterMark: CHUNK }))) {
    if (item.type === 'statement') {
      statements++;
      entries += item.statement.operations.length;
    } else if (item.type === 'issue') {
      issues++;
      if (item.severity === 'error') errors++;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, statements, entries, issues, errors };
}

const [job, file] = process.argv.slice(2);
if (!file || (job !== 'saxes' && job !== 'read')) {
  console.error('usage: camt.ts <saxes|read> <file>');
  process.exit(2);
}
const bytes = (await stat(file)).size;
const cpu0 = process.cpuUsage();
const result = job === 'saxes' ? await bareSaxes(file) : await ours(file);
const cpu = process.cpuUsage(cpu0);
// CPU seconds of the whole process (parser, GC helper threads): steadier than wall time on a shared machine.
console.log(JSON.stringify({ ...result, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
