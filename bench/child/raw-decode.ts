// Baseline for the 1C reader: decode cp1251 with TextDecoder and split into lines, nothing else.
import { createReadStream } from 'node:fs';

export async function rawDecode(file: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  const dec = new TextDecoder('windows-1251');
  let rest = '';
  let lines = 0;
  let sections = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const text = rest + dec.decode(chunk as Buffer, { stream: true });
    const parts = text.split('\r\n');
    rest = parts.pop() ?? '';
    lines += parts.length;
    for (const p of parts) if (p.charCodeAt(0) === 0x421 && p.startsWith('СекцияДокумент')) sections++;
  }
  return { seconds: (performance.now() - t0) / 1000, lines, documents: sections };
}
