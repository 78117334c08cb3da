// The gateway's bank side with `[bank] connector = "sftp"` against a real OpenSSH server and the bank's side of the
// folders: signed documents go up as pain.001 once, the bank's pain.002 answers move them to executed, and the day's
// camt.053 lands in the mailbox's out/ as a 1C file and a camt.053 — the whole host-to-host loop from the config.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { startBank } from '../../gateway/bank/run.ts';
import { getDocument } from '../../gateway/store/documents-repo.ts';
import { getKey } from '../../gateway/store/keys-repo.ts';
import { systemClock } from '../../gateway/core/clock.ts';
import { showForSigning, signDocuments } from '../../signer/sign-documents.ts';
import { todayIn } from '../../gateway/validate/index.ts';
import { KEY_PASSWORD, signingBench } from '../signer/helpers.ts';
import { startBankSide } from '../connectors/bank-sftp/bank-side.ts';
import { skipWithoutSshd, startSshd } from '../connectors/bank-sftp/sshd.ts';
import { PASSPHRASE_ENV, sftpConfigFor } from '../connectors/bank-sftp/fixture.ts';

const PAYER = 'KZ90601A861000012345';

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(skipWithoutSshd())('bank side over SFTP (connector = "sftp")', () => {
  it('sends signed documents once as pain.001, follows pain.002 to executed, writes the camt.053 day as 1C and camt.053', { timeout: 60_000 }, async () => {
    const b = signingBench();
    const e = await b.signer('director', ['*=single']);
    const ids = await b.documents(2);
    const session = await e.provider.open(e.key.id, KEY_PASSWORD);
    const items = (await showForSigning(b.store, ids)).map((s) => ({ documentId: s.documentId, sha256: s.sha256 }));
    await signDocuments({ store: b.store, policy: b.policy, clock: systemClock }, { user: e.user, key: (await getKey(b.store.sql, e.key.id))!, session, items });

    const sshd = await startSshd({ passphrase: 'sftp-test-passphrase' });
    const businessDate = todayIn('Asia/Almaty');
    const bankSide = await startBankSide({
      uploadDir: sshd.uploadDir,
      downloadDir: sshd.downloadDir,
      archiveDir: path.join(sshd.dir, 'bank-archive'),
      account: PAYER,
      owner: { name: 'ТОО "Пример Логистик"', binIin: '150140001239', iban: PAYER, bic: 'HSBKKZKX', code: '17' },
      balance: 900_000_000_00n,
      businessDate,
      certificates: [e.key.certificate],
    });
    const root = path.join(b.dir, 'mailbox');
    const cfg = configSchema.parse({
      data: { dir: path.join(b.dir, 'data') },
      bank: {
        connector: 'sftp',
        sftp: sftpConfigFor(sshd, path.join(b.dir, 'sftp-state')),
        status_poll_ms: 3_600_000,
        // A week back (the default): the bank delivered today's statement only, the other days are skipped, not fatal.
        statements: { schedule: '0 0 1 1 *', formats: ['1c', 'camt.053'], lookback_days: 7 },
      },
      mailboxes: { default: { root } },
    });
    const bank = await startBank({ cfg, store: b.store, queue: b.queue, logger: b.logger, env: { [PASSPHRASE_ENV]: sshd.passphrase }, policy: b.policy, mailboxRoot: () => root });
    const states = async () => Promise.all(ids.map(async (id) => (await getDocument(b.store.sql, id))!.state));
    try {
      await bank.scheduler.tick();
      await until('both documents at the bank', async () => (await states()).every((s) => !['signed', 'queued', 'sending'].includes(s)));
      await bankSide.scan();
      expect(bankSide.received.map((r) => r.verdict)).toEqual(['accepted', 'accepted']);
      await bankSide.executeDue();
      await until('executed', async () => {
        await bank.scheduler.pollStatuses();
        return (await states()).every((s) => s === 'executed');
      });
      // Ticking again sends nothing: one pain.001 per document at the bank.
      await bank.scheduler.tick();
      await bankSide.scan();
      expect(bankSide.received).toHaveLength(2);

      const synced = await bank.scheduler.syncStatements();
      expect(synced).toMatchObject({ added: 2, fetched: 1, notDelivered: 7 });
      const out = readdirSync(path.join(root, 'out'));
      const day = businessDate.replaceAll('-', '');
      expect(out).toEqual(expect.arrayContaining([`kl_to_1c_${PAYER}_${day}.txt`, `camt053_${PAYER}_${day}.xml`]));
      const kl = new TextDecoder('windows-1251').decode(readFileSync(path.join(root, 'out', `kl_to_1c_${PAYER}_${day}.txt`)));
      expect(kl.match(/^СекцияДокумент=Выписка$/gm)).toHaveLength(2);
      expect(existsSync(path.join(b.dir, 'sftp-state'))).toBe(true);
    } finally {
      await bank.stop();
      await bankSide.stop();
      await sshd.dispose();
    }
  });
});
