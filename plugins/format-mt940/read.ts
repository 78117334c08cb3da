// Reads MT940 / MT942 bytes into statements and issues (one statement per `:20:` message); never throws on bad input.
import type { Issue } from '../../gateway/core/issue.ts';
import type { ParsedStatement, StatementItem } from '../../gateway/core/plugin.ts';
import { buildStatement, type MtKind } from './build.ts';
import { decodeMt, type SingleByteCharset } from './decode.ts';
import { controlFreeBytes } from './lines.ts';
import { rawMessages } from './messages.ts';
import { noMessage } from './texts.ts';

export interface Mt940ReadOptions {
  /** Charset of files that are not valid UTF-8 (an iconv-lite name): 'latin1' (default), 'cp852', 'windows-1252', … */
  charset?: SingleByteCharset;
  /** What a message without block 2 and without MT942-only tags is read as; default 'swift.mt940'. */
  format?: MtKind;
  signal?: AbortSignal;
}

export interface Mt940Parse {
  statements: ParsedStatement[];
  /** In file order; errors mean a statement must not be trusted (an entry was dropped, balances do not reconcile). */
  issues: Issue[];
  /** The charset actually used ('utf-8', 'iso-8859-1', 'ibm852', …). */
  encoding: string;
}

/** Reads a whole file held in memory: every statement, every issue. */
export function parseMt940(bytes: Uint8Array, options: Mt940ReadOptions = {}): Mt940Parse {
  const out: Mt940Parse = { statements: [], issues: [], encoding: '' };
  for (const item of mt940Items(bytes, options)) {
    if (item.type === 'statement') out.statements.push(item);
    else if (item.type === 'meta') out.encoding = item.encoding ?? '';
    else {
      const { type: _type, ...i } = item;
      out.issues.push(i);
    }
  }
  return out;
}

/** The items of a file in order: its encoding, then per message its issues and its statement. */
export function* mt940Items(bytes: Uint8Array, options: Mt940ReadOptions = {}): Generator<StatementItem> {
  const { text, encoding } = decodeMt(bytes, options.charset);
  yield { type: 'meta', encoding };
  // UTF-8 keeps ASCII bytes as they are, so the control characters of the text are checked faster on the bytes.
  const controlFree = encoding === 'utf-8' && controlFreeBytes(bytes);
  const pending: Issue[] = [];
  let messages = 0;
  for (const msg of rawMessages(text, (i) => pending.push(i), controlFree)) {
    options.signal?.throwIfAborted();
    messages++;
    for (const i of pending.splice(0)) yield { type: 'issue', ...i };
    const b = buildStatement(msg, options.format ?? 'swift.mt940');
    for (const i of b.issues) yield { type: 'issue', ...i };
    if (b.statement) yield { type: 'statement', line: b.line, statement: b.statement };
  }
  for (const i of pending.splice(0)) yield { type: 'issue', ...i };
  if (messages === 0) yield { type: 'issue', ...noMessage() };
}

async function collect(input: AsyncIterable<Uint8Array> | Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of input) {
    signal?.throwIfAborted();
    parts.push(c);
    size += c.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/**
 * Reads MT940/MT942 from bytes or a stream of chunks. The file is gathered first: its charset is known only from
 * all of its bytes (valid UTF-8 or not), and statements are small next to the 1C payment files.
 */
export async function* readMt940(input: AsyncIterable<Uint8Array> | Uint8Array, options: Mt940ReadOptions = {}): AsyncGenerator<StatementItem> {
  yield* mt940Items(await collect(input, options.signal), options);
}
