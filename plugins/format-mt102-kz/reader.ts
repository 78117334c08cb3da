// The MT100 / MT102 reader: decodes the file (UTF-8 or the configured single-byte charset), splits it into messages and
// maps each to a canonical document with located issues. Never throws on bad input: a defect becomes FMT_PLUGIN_FAILED.
import type { FormatId, InboundFile, ParseItem, PluginContext } from '../../gateway/core/plugin.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { decodeBytes } from './charset.ts';
import { resolveOptions, type Mt102KzOptions, type ResolvedOptions } from './options.ts';
import { readMessage } from './read-message.ts';
import { readMessages, splitLines } from './syntax.ts';
import { KZ_MT } from './texts.ts';

/** Items of a decoded text: documents and issues in file order (no meta). */
export function readMtText(text: string, o: ResolvedOptions, today: string): ParseItem[] {
  const out: ParseItem[] = [];
  const lines = splitLines(text);
  let bad = 0;
  for (const l of lines) {
    if (!l.text.includes('\uFFFD') || bad++ >= 20) continue;
    out.push({ type: 'issue', ...issue('FMT_BAD_BYTES', t({ en: 'the line has bytes that are not text in the file charset (shown as U+FFFD)', ru: 'в строке есть байты, не являющиеся текстом в кодировке файла (показаны как «�»)', kk: 'жолда файл кодтауында мәтін емес байттар бар («�» ретінде көрсетілген)' }), { line: l.line }) });
  }
  const { messages, issues } = readMessages(lines);
  for (const i of issues) out.push({ type: 'issue', ...i });
  for (const m of messages) {
    const r = readMessage(m, o, today);
    for (const i of r.issues) out.push({ type: 'issue', ...i });
    if (r.document) out.push({ type: 'document', line: m.line, endLine: m.endLine, document: r.document });
  }
  if (messages.length === 0) {
    out.push({
      type: 'issue',
      ...issue('FMT_MT_NOT_KZ', t({ en: 'no MT100/MT102 message in the file', ru: 'в файле нет сообщения MT100/MT102', kk: 'файлда MT100/MT102 хабарламасы жоқ' }), { line: 1, expected: KZ_MT }),
    });
  }
  return out;
}

/** Reads bytes (the whole file) with resolved options into items, meta first. */
function readResolved(bytes: Uint8Array, o: ResolvedOptions): ParseItem[] {
  const d = decodeBytes(bytes, o.encoding);
  return [{ type: 'meta', encoding: d.charset }, ...readMtText(d.text, o, o.today())];
}

/** Reads a whole MT100/MT102 file into items (meta first, then issues and documents in file order). */
export function readMtBytes(bytes: Uint8Array, options: Mt102KzOptions = {}): ParseItem[] {
  return readResolved(bytes, resolveOptions(options));
}

/** A parse function bound to options (RangeError now on bad options). */
export function createMtParser(options: Mt102KzOptions = {}): (file: InboundFile, format: FormatId, ctx: PluginContext) => AsyncIterable<ParseItem> {
  const o = resolveOptions(options);
  return async function* parseMt(file: InboundFile, _format: FormatId, ctx: PluginContext): AsyncGenerator<ParseItem> {
    const parts: Uint8Array[] = [];
    for await (const c of file.open()) {
      ctx.signal.throwIfAborted();
      parts.push(c);
    }
    let items: ParseItem[];
    try {
      items = readResolved(Buffer.concat(parts), o);
    } catch (e) {
      ctx.logger.error({ file: file.name, err: e }, 'MT100/MT102 reader failed');
      items = [{ type: 'issue', ...issue('FMT_PLUGIN_FAILED', t({ en: `the MT reader failed: ${String((e as Error)?.message ?? e)}`, ru: `сбой чтения MT: ${String((e as Error)?.message ?? e)}`, kk: `MT оқу ақауы: ${String((e as Error)?.message ?? e)}` }), { line: 1 }) }];
    }
    let documents = 0;
    for (const it of items) {
      if (it.type === 'document') documents++;
      yield it;
    }
    ctx.logger.info({ file: file.name, documents, items: items.length }, 'MT100/MT102 file parsed');
  };
}
