// Recognises MT940 / MT942 by the first bytes: block 2 `{2:O940` / `{2:I942`, or `:20:` with `:25:` / `:28C:` / `:60F:`.
import type { InboundFile } from '../../gateway/core/plugin.ts';
import type { MtKind } from './build.ts';

export const FORMAT_MT940 = 'swift.mt940';
export const FORMAT_MT942 = 'swift.mt942';

const TAG_START = '(?:^|[\\r\\n]|@@)[ \\t]*';
const HAS_20 = new RegExp(`${TAG_START}:20:`);
const HAS_BODY = new RegExp(`${TAG_START}:(?:25|25P|28|28C|60F|60M|34F|13D):`);
const HAS_BALANCE = new RegExp(`${TAG_START}:60[FM]:`);
const MT942_ONLY = new RegExp(`${TAG_START}:(?:34F|13D|90D|90C):`);

/** The head as text: ASCII is all the tags need (national letters only appear inside :86:). */
function headText(head: Uint8Array): string {
  let s = '';
  const n = Math.min(head.length, 65536);
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...head.subarray(i, Math.min(i + 8192, n)));
  return s;
}

export function detect(file: Pick<InboundFile, 'name' | 'head' | 'size'>): MtKind | null {
  const text = headText(file.head).replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  const start = text.trimStart();
  if (start.startsWith('<') || text.includes('1CClientBankExchange')) return null;
  const block2 = /\{2:[IO](94[02])/.exec(text);
  if (block2) return block2[1] === '942' ? FORMAT_MT942 : FORMAT_MT940;
  if (!HAS_20.test(text) || !HAS_BODY.test(text)) return null;
  return MT942_ONLY.test(text) && !HAS_BALANCE.test(text) ? FORMAT_MT942 : FORMAT_MT940;
}
