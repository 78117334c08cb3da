// The `bankgate` command line: start | worker | config check | status | validate | convert | users | keys | tokens | sign | audit verify. Returns the exit code.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { runStart } from './start.ts';
import { runWorker } from './worker.ts';
import { runConfigCheck } from './config-check.ts';
import { runStatus } from './status.ts';
import { runAuditVerify } from './audit-verify.ts';
import { runValidate } from './validate.ts';
import { runConvert } from './convert.ts';
import { reportError } from './output.ts';
import { runKeysBind, runKeysList, runKeysUnbind } from './keys.ts';
import { runSign } from './sign.ts';
import { runBankTest, runLetterSend, runStatement } from './bank.ts';
import { runFx } from './fx.ts';
import { runSandboxStandalone } from '../../connectors/bank-sandbox/index.ts';
import { runTokens } from './tokens.ts';
import { runUsersAdd, runUsersList, runUsersLock, runUsersReset, runUsersToken, runUsersTokens, runUsersTotp } from './users.ts';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('bankgate')
    .description('Gateway between 1C / ERP payment files and the bank')
    .version(VERSION)
    .option('-c, --config <path>', 'configuration file (default: ./bankgate.toml, else embedded defaults)')
    .exitOverride()
    .showHelpAfterError();

  const globals = () => program.opts<{ config?: string }>();

  program
    .command('start')
    .description('run the gateway: watch the drop folders, process files, serve HTTP')
    .option('--roles <list>', 'besides the drop folders and the dashboard, only these (parse, sign, submit, poll, export); default all — the rest run as `bankgate worker`')
    .action(async (o: { roles?: string }) => {
      code = await runStart({ ...globals(), ...o });
    });

  program
    .command('worker')
    .description('run workers only, beside a running gateway that shares the configuration, database and queue')
    .requiredOption('--roles <list>', 'comma-separated: parse, sign, submit, poll, export')
    .option('--key <id>', 'with the sign role: a key whose token is on this machine (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .action(async (o: { roles: string; key?: string[] }) => {
      code = await runWorker({ ...globals(), ...o });
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

  program
    .command('convert')
    .description('convert a payment or statement file to another format through the canonical model (exit 0 converted, 1 refused, 2 unreadable)')
    .argument('<file>', 'the file to convert, e.g. 1c_to_kl.txt, camt053.xml, statement.sta')
    .requiredOption('--to <format>', 'format to write: 1c (kl_to_1c.txt), camt.053, pain.001, mt940, mt100, mt102, or a format id')
    .option('--out <file>', 'write here (whole or not at all) instead of standard output')
    .option('--encoding <charset>', 'character set of a text output (1C: windows-1251, utf-8, rk1048)')
    .option('--json', 'print the result as JSON')
    .option('--lang <lang>', 'language of messages: ru, kk or en', 'ru')
    .option('--today <date>', 'check payment dates as on this business date, YYYY-MM-DD')
    .action(async (file: string, o: { to: string; out?: string; encoding?: string; json?: boolean; lang?: string; today?: string }) => {
      code = await runConvert(file, { ...globals(), ...o });
    });

  const users = program.command('users').description('users who log in and sign, and their signature rights');
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  users
    .command('add')
    .description('add a user; prints a one-time initial password')
    .argument('<login>', 'login, e.g. aigerim.s')
    .requiredOption('--name <name>', 'full name')
    .option('--right <ACCOUNT=RIGHT>', "signature right per account, repeatable: IBAN or '*' = single|first|second|none[:prepare]", collect)
    .option('--admin', 'an administrator: manages users, has no signature rights (not with --right)')
    .option('--json', 'print JSON')
    .action(async (login: string, o: { name: string; right?: string[]; admin?: boolean; json?: boolean }) => {
      code = await runUsersAdd(login, { ...globals(), ...o });
    });
  users
    .command('list')
    .description('list users with their rights and lock state')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = await runUsersList({ ...globals(), ...o });
    });
  users
    .command('reset')
    .description('set a new one-time password (printed) and unlock the account')
    .argument('<login>')
    .option('--json', 'print JSON')
    .action(async (login: string, o: { json?: boolean }) => {
      code = await runUsersReset(login, { ...globals(), ...o });
    });
  users
    .command('lock')
    .description('lock an account (no login, no signing)')
    .argument('<login>')
    .action(async (login: string) => {
      code = await runUsersLock(login, true, globals());
    });
  users
    .command('totp')
    .description('enrol the TOTP second factor (prints the otpauth:// URI and secret once), or remove it with --off')
    .argument('<login>')
    .option('--off', 'remove the second factor')
    .option('--json', 'print JSON')
    .action(async (login: string, o: { off?: boolean; json?: boolean }) => {
      code = await runUsersTotp(login, { ...globals(), ...o });
    });
  users
    .command('token')
    .description('make a personal API token for /api/v1/* (printed once), or remove all of the user\'s tokens with --revoke')
    .argument('<login>')
    .option('--label <text>', 'what the token is for, e.g. "1C exchange"')
    .option('--revoke', 'remove every API token of this user')
    .option('--json', 'print JSON')
    .action(async (login: string, o: { label?: string; revoke?: boolean; json?: boolean }) => {
      code = await runUsersToken(login, { ...globals(), ...o });
    });
  users
    .command('tokens')
    .description("list a user's API tokens (prefix, label, created, last used)")
    .argument('<login>')
    .option('--json', 'print JSON')
    .action(async (login: string, o: { json?: boolean }) => {
      code = await runUsersTokens(login, { ...globals(), ...o });
    });
  users
    .command('unlock')
    .description('unlock an account (also clears wrong-password counts)')
    .argument('<login>')
    .action(async (login: string) => {
      code = await runUsersLock(login, false, globals());
    });

  const keys = program.command('keys').description('signing keys (certificates) and the users they are bound to');
  keys
    .command('list')
    .description('keys the configured providers see: provider, token, key id, subject, IIN/BIN, validity, bound user')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = await runKeysList({ ...globals(), ...o });
    });
  keys
    .command('bind')
    .description('bind a key to the user who signs with it (one user per key)')
    .argument('<key>', 'key id, unique id prefix or label')
    .argument('<login>')
    .action(async (key: string, login: string) => {
      code = await runKeysBind(key, login, globals());
    });
  keys
    .command('unbind')
    .description('remove a key\'s binding: it can no longer sign')
    .argument('<key>', 'key id')
    .action(async (key: string) => {
      code = await runKeysUnbind(key, globals());
    });

  program
    .command('tokens')
    .description('USB tokens: configured ones and whether each is inserted; PKCS#11 tokens visible now')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = await runTokens({ ...globals(), ...o });
    });

  program
    .command('sign')
    .description('sign documents with a key: shows each with the SHA-256 of its bytes, asks the PIN, signs the batch')
    .argument('[documents...]', 'document ids')
    .requiredOption('--key <key>', 'key id, unique id prefix or label')
    .option('--all-waiting', 'every document waiting for this signer')
    .option('--dry-run', 'show the documents and hashes only')
    .action(async (docs: string[], o: { key: string; allWaiting?: boolean; dryRun?: boolean }) => {
      code = await runSign(docs, { ...globals(), ...o });
    });

  const bank = program.command('bank').description('the configured bank');
  bank
    .command('test')
    .description('check the connection to the bank (name, business date, latency)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = await runBankTest({ ...globals(), ...o });
    });
  program
    .command('statement')
    .description('fetch a statement from the bank and write it as a 1C file (kl_to_1c style) or JSON')
    .requiredOption('--account <iban>', 'the account (IIK)')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--format <format>', '1c or json', '1c')
    .option('--out <file>', 'where to write (default kl_to_1c_<account>_<from>_<to>.txt; JSON to standard output)')
    .action(async (o: { account: string; from: string; to: string; format?: string; out?: string }) => {
      code = await runStatement({ ...globals(), ...o });
    });
  const fx = program.command('fx').description('FX purchase and sale orders (signed like payments)');
  for (const direction of ['buy', 'sell'] as const) {
    fx.command(direction)
      .description(`an order to ${direction} foreign currency: stored awaiting signatures, sent once signed`)
      .requiredOption('--amount <decimal>', 'amount of the foreign currency, e.g. 1000.00')
      .requiredOption('--currency <code>', 'USD, EUR, RUB, CNY …')
      .requiredOption('--from <iban>', direction === 'buy' ? 'the tenge account debited' : 'the currency account debited')
      .requiredOption('--to <iban>', direction === 'buy' ? 'the currency account credited' : 'the tenge account credited')
      .option('--rate-limit <rate>', direction === 'buy' ? 'the highest rate accepted' : 'the lowest rate accepted')
      .option('--purpose <text>')
      .option('--number <number>')
      .action(async (o: { amount: string; currency: string; from: string; to: string; rateLimit?: string; purpose?: string; number?: string }) => {
        code = await runFx(direction, { ...globals(), ...o });
      });
  }
  const letter = program.command('letter').description('letters with the bank');
  letter
    .command('send')
    .description('send a letter to the bank')
    .requiredOption('--subject <text>')
    .option('--body <text>')
    .option('--attach <file>', 'attachment, repeatable', collect)
    .action(async (o: { subject: string; body?: string; attach?: string[] }) => {
      code = await runLetterSend({ ...globals(), ...o });
    });
  program
    .command('sandbox')
    .description('run the sandbox bank on its own (HTTPS; prints its URL, certificate fingerprint and admin token file)')
    .option('--data-dir <dir>', 'its database, certificate and tokens', './sandbox-data')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free one)', '8443')
    .option('--no-tls', 'plain HTTP (loopback tests only)')
    .option('--sandbox-config <file>', 'sandbox configuration (JSON or TOML)')
    .option('--incoming', 'generate incoming payments')
    .action(async (o: { dataDir: string; host: string; port: string; tls: boolean; sandboxConfig?: string; incoming?: boolean }) => {
      code = await runSandboxStandalone({ dataDir: o.dataDir, host: o.host, port: o.port, tls: o.tls, ...(o.sandboxConfig ? { config: o.sandboxConfig } : {}), ...(o.incoming ? { incoming: true } : {}) });
    });

  const audit = program.command('audit').description('audit log commands');
  audit
    .command('verify')
    .description('verify the hash-chained audit log; reports the first bad row')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      code = await runAuditVerify({ ...globals(), ...o });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportError(e);
  }
  return code;
}
