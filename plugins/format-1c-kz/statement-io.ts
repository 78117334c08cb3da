// The 1C statement (`kl_to_1c.txt`, kz-formats.md 5.1) as the plugin's statement reader and writer: what `bankgate
// convert` and mailboxes use to turn camt.053 / MT940 into the file 1C imports, and to read one back.
import { GatewayError } from '../../gateway/core/errors.ts';
import type { InboundFile, PluginContext, StatementItem, StatementsWriter, WriteOptions } from '../../gateway/core/plugin.ts';
import type { Statement } from '../../gateway/core/model/statement.ts';
import { FORMAT_1C_KZ } from './detect.ts';
import { parseStatement1c } from './statement/read.ts';
import { writeStatement1c, type WriteCharset } from './writer/statement.ts';

const CHARSETS: readonly WriteCharset[] = ['windows-1251', 'utf-8', 'rk1048'];

/** The one statement of a `kl_to_1c.txt` (1C reads one account per file here), with its issues. */
export async function* readStatements1c(file: InboundFile, _format: string, ctx: PluginContext): AsyncGenerator<StatementItem> {
  const r = await parseStatement1c(file.open(), { signal: ctx.signal });
  yield { type: 'meta', encoding: r.charset };
  for (const i of r.issues) yield { type: 'issue', ...i };
  if (r.statement) yield { type: 'statement', line: 1, statement: r.statement };
}

/**
 * Writes one statement as `kl_to_1c.txt`: `options.encoding` windows-1251 (1C's default), utf-8 or rk1048. A statement
 * that states no balances (a camt.054 notification, an MT942) cannot be a 1C statement: 1C books the balances.
 */
export const statementWriter1c: StatementsWriter = {
  format: FORMAT_1C_KZ,
  writes: 'statements',
  extension: 'txt',
  oneStatementPerFile: true,
  async *write(statements: readonly Statement[], options: WriteOptions) {
    const encoding = (options.encoding ?? 'windows-1251') as WriteCharset;
    if (!CHARSETS.includes(encoding)) throw new GatewayError('FMT_BAD_VALUE', `a 1C statement is written in ${CHARSETS.join(', ')}, not '${encoding}'`);
    if (statements.length !== 1) throw new GatewayError('FMT_NOT_SUPPORTED', `a 1C statement file holds one account; got ${statements.length} statements`);
    const st = statements[0]!;
    if (st.balancesStated === false) {
      throw new GatewayError('FMT_NOT_SUPPORTED', `the ${st.kind ?? 'statement'} of account ${st.account} states no opening and closing balance, which a 1C statement needs`);
    }
    yield* writeStatement1c(st, { encoding, ...(options.createdAt ? { created: new Date(options.createdAt) } : {}), ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
  },
};
