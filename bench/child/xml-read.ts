// Child process of the ISO 20022 read benchmarks (its peak RSS is its own), run as a bundle bench/xml-read-bench.ts makes
// (`node bin/run-ts.js bench/child/xml-read.ts …` runs it as well): `<saxes|tokenizer|pain|camt> <file> [record element]`. 'saxes' is the
// baseline the issue names: saxes (default settings, positions on) over the same streamed UTF-8 decode, counting elements
// and nothing else; 'tokenizer' is the same bare pass with our own tokenizer (xml/tokenizer.ts), for the record;
// 'pain' and 'camt' are readPain001 / readCamt keeping what the gateway keeps. Prints one JSON line.
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { readCamt } from '../../plugins/format-iso20022/camt/index.ts';
import { readPain001 } from '../../plugins/format-iso20022/pain/index.ts';
import { XmlTokenizer } from '../../plugins/format-iso20022/xml/tokenizer.ts';

const CHUNK = 64 * 1024;
const chunks = (file: string) => createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>;

async function bareSaxes(file: string, record: string): Promise<Record<string, number>> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let [elements, records] = [0, 0];
  parser.on('opentag', (tag) => {
    elements++;
    if (tag.name === record) records++;
  });
  parser.on('text', () => undefined);
  const dec = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks(file)) parser.write(dec.decode(chunk, { stream: true }));
  parser.close();
  return { elements, records };
}

async function bareTokenizer(file: string, record: string): Promise<Record<string, number>> {
  let [elements, records] = [0, 0];
  const tokenizer = new XmlTokenizer({
    open(name) {
      elements++;
      if (name === record) records++;
    },
    close: () => undefined,
    text: () => undefined,
  });
  const dec = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks(file)) tokenizer.write(dec.decode(chunk, { stream: true }));
  tokenizer.end();
  return { elements, records };
}

async function pain(file: string): Promise<Record<string, number>> {
  let [records, errors] = [0, 0];
  for await (const item of readPain001(chunks(file))) {
    if (item.type === 'document') records++;
    else if (item.type === 'issue' && item.severity === 'error') errors++;
  }
  return { records, errors };
}

async function camt(file: string): Promise<Record<string, number>> {
  let [records, errors] = [0, 0];
  for await (const item of readCamt(chunks(file))) {
    if (item.type === 'statement') records += item.statement.operations.length;
    else if (item.type === 'issue' && item.severity === 'error') errors++;
  }
  return { records, errors };
}

const [job, file, record = ''] = process.argv.slice(2);
if (!file || !['saxes', 'tokenizer', 'pain', 'camt'].includes(job ?? '')) {
  console.error('usage: xml-read.ts <saxes|tokenizer|pain|camt> <file> [record element]');
  process.exit(2);
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = job === 'saxes' ? await bareSaxes(file, record) : job === 'tokenizer' ? await bareTokenizer(file, record) : job === 'pain' ? await pain(file) : await camt(file);
const cpu = process.cpuUsage(cpu0);
// CPU seconds of the whole process (parser, GC helper threads): steadier than wall time on a shared machine.
console.log(JSON.stringify({ ...result, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
