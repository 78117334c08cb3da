// The `swift.mt940` StatementsWriter: checks every statement first (check.ts) and throws one GatewayError listing all
// problems before a byte is produced; then writes one message per statement, CRLF, ASCII (SWIFT X).
import { GatewayError } from '../../../gateway/core/errors.ts';
import type { Statement } from '../../../gateway/core/model/statement.ts';
import type { StatementsWriter, WriteOptions } from '../../../gateway/core/plugin.ts';
import { yymmdd } from '../values.ts';
import { checkStatements, usableRef, type WriteProblem } from './check.ts';
import { renderStatement } from './render.ts';

/**
 * Profile keys the writer reads: `senderBic` (the bank; default the statement's servicerBic), `receiverBic` (default the
 * sender), `mtBlocks` (false: bare `:20:` … `-` messages without `{1:}{2:}{4:` blocks; true: blocks, refused without a
 * BIC; default: blocks when a BIC is known — ERPs import the bare message too, and a converted camt.053 may name none).
 */
export interface Mt940Profile {
  senderBic?: string;
  receiverBic?: string;
  mtBlocks?: boolean;
}

const where = (p: WriteProblem) => (p.statement < 0 ? '' : `statement ${p.statement + 1}${p.operation === undefined ? '' : `, entry ${p.operation + 1}`}: `);

/** Throws the GatewayError for `problems` (the first problem's code; every problem in the message and details). */
export function refuse(problems: readonly WriteProblem[]): never {
  const list = problems.map((p) => `${where(p)}${p.field}: ${p.message}`);
  throw new GatewayError(problems[0]!.code, `MT940 cannot be written (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${list.join('; ')}`, { problems: [...problems] });
}

function envelope(st: Statement, profile: Mt940Profile): { sender: string | null; receiver: string | null } | null {
  if (profile.mtBlocks === false) return null;
  const sender = profile.senderBic ?? st.servicerBic ?? null;
  if (!sender && profile.mtBlocks !== true) return null;
  return { sender, receiver: profile.receiverBic ?? sender };
}

/** Writes statements as MT940 bytes (see `mt940Writer`). */
export async function* writeMt940(statements: readonly Statement[], options: WriteOptions = {}): AsyncGenerator<Uint8Array> {
  const profile = (options.profile ?? {}) as Mt940Profile;
  const problems = statements.length === 0 ? checkStatements(statements, null) : statements.flatMap((st, i) => checkStatements([st], envelope(st, profile)).map((p) => ({ ...p, statement: p.statement < 0 ? p.statement : i })));
  // Envelope problems are the same for every statement: report them once.
  const seen = new Set<string>();
  const unique = problems.filter((p) => (p.statement >= 0 ? true : !seen.has(p.field) && (seen.add(p.field), true)));
  if (unique.length > 0) refuse(unique);
  const created = yymmdd((options.createdAt ?? new Date().toISOString()).slice(0, 10));
  const encoder = new TextEncoder();
  let i = 0;
  for (const st of statements) {
    i++;
    const ref = usableRef(st.id) ?? usableRef(options.messageId) ?? `BG${created}${String(i).padStart(6, '0')}`;
    const sequence = /^\d{1,5}(\/\d{1,5})?$/.test(st.sequence ?? '') ? st.sequence! : String(i);
    const env = envelope(st, profile) ?? { sender: null, receiver: null };
    yield encoder.encode(renderStatement(st, ref, sequence, env).join('\r\n') + '\r\n');
  }
}

/** `swift.mt940` writer, extension `sta`. */
export const mt940Writer: StatementsWriter = {
  format: 'swift.mt940',
  writes: 'statements',
  extension: 'sta',
  write: (statements, options) => writeMt940(statements, options),
};
