// The statement files a mailbox receives per account and day, by `[bank.statements] formats`: 1C's kl_to_1c, ISO
// 20022 camt.053.001.08 and SWIFT MT940, each through its format plugin's writer.
import { GatewayError } from '../core/errors.ts';
import type { StatementsWriter } from '../core/plugin.ts';
import type { FormatRegistry } from '../core/registry.ts';
import type { STATEMENT_OUTPUTS } from '../bank/config.ts';

export type StatementOutputName = (typeof STATEMENT_OUTPUTS)[number];

export interface StatementOutput {
  name: StatementOutputName;
  writer: StatementsWriter;
  /** File name in out/ for an account and day. */
  fileName(account: string, day: string): string;
  /** Key of the out-file record (the 1C key predates the others and stays as it was). */
  key(account: string, day: string): string;
}

const FORMAT: Record<StatementOutputName, { id: string; prefix: string }> = {
  '1c': { id: '1c.kz', prefix: 'kl_to_1c' },
  'camt.053': { id: 'iso20022.camt.053.001.08', prefix: 'camt053' },
  mt940: { id: 'swift.mt940', prefix: 'mt940' },
};

/** The outputs for the configured names; throws a bug error when a writer is missing from the plugin set. */
export function statementOutputs(names: readonly StatementOutputName[], registry: FormatRegistry): StatementOutput[] {
  return names.map((name) => {
    const { id, prefix } = FORMAT[name];
    const writer = registry.writer(id);
    if (!writer || writer.writes !== 'statements') throw new GatewayError('PLG_INVALID', `no plugin writes statements as ${id} (needed by [bank.statements] formats '${name}')`);
    return {
      name,
      writer,
      fileName: (account, day) => `${prefix}_${account}_${day.replaceAll('-', '')}.${writer.extension}`,
      key: (account, day) => (name === '1c' ? `statement:${account}:${day}` : `statement:${name}:${account}:${day}`),
    };
  });
}
