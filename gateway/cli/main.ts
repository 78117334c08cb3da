// The `bankgate` command line: start | config check | status | validate | audit verify. Returns the exit code.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { runStart } from './start.ts';
import { runConfigCheck } from './config-check.ts';
import { runStatus } from './status.ts';
import { runAuditVerify } from './audit-verify.ts';
import { runValidate } from './validate.ts';
import { reportError } from './output.ts';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('bankgate')
    .description('Gateway between 1C / ERP payment files and the bank')
    .version(VERSION)
    .option('-c, --config <path>', 'configuration file (default: ./bankgate.toml, else embedded defaults)')
    .exitOverride()
    .showHelpAfterError();

  const globals = () => program.opts<{ config?: string }>();

  program.command('start').description('run the gateway: watch the drop folders, process files, serve HTTP').action(async () => {
    code = await runStart(globals());
  });

  const config = program.command('config').description('configuration commands');
  config
    .command('check')
    .description('validate the configuration and print the effective settings (secrets masked)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = runConfigCheck({ ...globals(), ...o });
    });

  program
    .command('status')
    .description('files by state, queue counts and audit length')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = await runStatus({ ...globals(), ...o });
    });

  program
    .command('validate')
    .description('read and validate a payment file without storing it (exit 0 valid, 1 invalid, 2 unreadable)')
    .argument('<file>', 'the file to check, e.g. 1c_to_kl.txt')
    .option('--json', 'print the result as JSON')
    .option('--lang <lang>', 'language of messages: ru, kk or en', 'ru')
    .option('--today <date>', 'check dates as on this business date, YYYY-MM-DD (default: today in the configured time zone)')
    .action(async (file: string, o: { json?: boolean; lang?: string; today?: string }) => {
      code = await runValidate(file, { ...globals(), ...o });
    });

  const audit = program.command('audit').description('audit log commands');
  audit
    .command('verify')
    .description('verify the hash-chained audit log; reports the first bad row')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = runAuditVerify({ ...globals(), ...o });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportError(e);
  }
  return code;
}
