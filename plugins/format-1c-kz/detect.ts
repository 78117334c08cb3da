// Recognises a 1CClientBankExchange file by its first line, identical in cp1251, cp866, RK1048 and UTF-8.
import type { FormatId, InboundFile } from '../../gateway/core/plugin.ts';
import { KEYWORDS } from './keys.ts';

export const FORMAT_1C_KZ = '1c.kz';

const MARKER = new TextEncoder().encode(KEYWORDS.marker.toLowerCase());

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/** '1c.kz' when the head (after an optional UTF-8 BOM and whitespace) starts with `1CClientBankExchange` as a whole line. */
export function detect(file: Pick<InboundFile, 'name' | 'head' | 'size'>): FormatId | null {
  const h = file.head;
  let i = h.length >= 3 && h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf ? 3 : 0;
  while (i < h.length && isSpace(h[i])) i++;
  if (h.length - i < MARKER.length) return null;
  for (let j = 0; j < MARKER.length; j++) {
    let b = h[i + j]!;
    if (b >= 0x41 && b <= 0x5a) b += 0x20; // ASCII case-insensitive, like the keys
    if (b !== MARKER[j]) return null;
  }
  const after = h[i + MARKER.length];
  return after === undefined || isSpace(after) ? FORMAT_1C_KZ : null;
}
