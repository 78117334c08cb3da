// What `npm start` tells about the demo on the console: at the first start a framed block with the one-time passwords
// and the demo key's PIN (shown only there, never logged); at later starts how to get a new password.
import path from 'node:path';
import type { DemoLogin } from '../bank/demo.ts';

export interface DemoBannerInput {
  url: string;
  sandboxUrl: string | null;
  inbox: string | null;
  autoSign: boolean;
  pin: string;
  pinFile: string;
  logins: DemoLogin[];
}

const ROLE = { signer: 'signer: signs any account alone', admin: 'administrator: users, keys, settings; cannot sign' } as const;

/** The lines to print (without the `bankgate: ` prefix of single lines: the block stands out on purpose). */
export function demoBanner(o: DemoBannerInput): string[] {
  const signing = o.autoSign ? 'the demo key signs every document automatically (BANKGATE_DEMO_AUTOSIGN=1)' : 'documents wait for the signer demo on the Signing page';
  const head = `bankgate: DEMO mode (no bankgate.toml): built-in sandbox bank at ${o.sandboxUrl ?? '?'}, ${signing}, statements for 1C every minute — any bankgate.toml turns the demo off`;
  const drop = o.inbox ? `cp samples/demo/1c_to_kl.txt ${path.relative(process.cwd(), o.inbox) || o.inbox}/` : 'drop samples/demo/1c_to_kl.txt into the drop folder';
  if (o.logins.length === 0) {
    return [head, `bankgate: demo logins: demo (signer), admin (administrator) at ${o.url} — a forgotten password: node bin/bankgate.js users reset demo (prints a new one-time password); the demo key's PIN is in ${o.pinFile}`];
  }
  const rule = '='.repeat(78);
  const width = Math.max(...o.logins.map((l) => l.login.length));
  return [
    head,
    '',
    `${rule.slice(0, 24)} bankgate DEMO — first start ${rule.slice(0, 25)}`,
    `  Open ${o.url} in a browser and log in. One-time passwords, shown only now:`,
    '',
    ...o.logins.map((l) => `    ${l.login.padEnd(width)}  ${l.password}   (${ROLE[l.role]})`),
    '',
    '  Each must be changed at its first login.',
    `  PIN of the demo key (asked when you sign): ${o.pin}`,
    `  (kept in ${o.pinFile})`,
    `  Then: ${drop}   and sign on ${o.url}/signing`,
    '  A forgotten password: node bin/bankgate.js users reset demo   (prints a new one-time password)',
    rule,
    '',
  ];
}
