// Detects a Kazakh MT100 / MT102 from `file.head` only: block 2 `{2:I100` / `{2:I102` / `{2:O102`, or a bare block with
// `:20:` … `:32A:` … `/KNP/`. Never claims MT940/MT942 (`:60F:`, `:25:` + `:28C:`), 1C text files or XML.
import type { FormatId, InboundFile } from '../../gateway/core/plugin.ts';
import { FORMAT_MT100_KZ, FORMAT_MT102_KZ } from './ids.ts';

export function detect(file: Pick<InboundFile, 'name' | 'head' | 'size'>): FormatId | null {
  const h = file.head;
  let i = h.length >= 3 && h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf ? 3 : 0;
  while (i < h.length && (h[i] === 0x20 || h[i] === 0x09 || h[i] === 0x0a || h[i] === 0x0d)) i++;
  // latin1 maps bytes 1:1: the ASCII markers are found whatever charset the rest is in.
  const s = Buffer.from(h.buffer, h.byteOffset + i, h.byteLength - i).toString('latin1');
  if (s === '' || s.startsWith('<') || s.startsWith('1CClientBankExchange')) return null;
  if (/(^|[\r\n]):(60F|60M|62F|61|28C):/.test(s)) return null;
  const b2 = /\{2:([IO])(\d{3})/.exec(s);
  if (b2) {
    if (b2[2] === '100') return FORMAT_MT100_KZ;
    if (b2[2] === '102') return FORMAT_MT102_KZ;
    return null;
  }
  if (!s.startsWith('{') && !s.startsWith(':')) return null;
  const a20 = /(^|[\r\n]):20:/.exec(s);
  if (!a20) return null;
  const rest = s.slice(a20.index);
  if (!/[\r\n]:32A:/.test(rest) || !/\/KNP\/\d/.test(rest)) return null;
  return /[\r\n]:(21|32B):/.test(rest) ? FORMAT_MT102_KZ : FORMAT_MT100_KZ;
}
