// Signing test bench: a real store and SQLite queue in a temp folder, users with rights, software keys (PEM files)
// bound to them, and documents from a generated 1C file stored as awaiting signature.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { addUser } from '../../gateway/auth/users.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import type { ParsedDocument } from '../../gateway/core/plugin.ts';
import { createSqliteQueue } from '../../gateway/queue/sqlite-queue.ts';
import { openStore } from '../../gateway/store/db.ts';
import { insertDocuments } from '../../gateway/store/documents-repo.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { bindKey } from '../../gateway/store/keys-repo.ts';
import type { UserRow } from '../../gateway/store/users-repo.ts';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { parseCertificate } from '../../signer/certificate.ts';
import { createPolicy } from '../../signer/policy.ts';
import type { KeyInfo, KeyProvider } from '../../signer/provider.ts';
import { createSoftwareProvider } from '../../signer/providers/software.ts';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { makeTestCert, type TestCertOptions } from '../fixtures/pki.ts';
import { memoryFile, testContext } from '../format-1c-kz/helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export const PASSWORD_PARAMS = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const KEY_PASSWORD = 'key-secret';

export function signingBench() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-sign-'));
  const store = openStore({ dataDir: path.join(dir, 'data') });
  const queue = createSqliteQueue({ path: path.join(dir, 'data/queue.db') });
  const keyFiles: { path: string }[] = [];
  const providers: KeyProvider[] = [];
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close(), () => queue.close(), () => Promise.all(providers.map((p) => p.close())));

  /** A user with rights, and a key file (encrypted PKCS#8 PEM with its certificate) bound to them. */
  async function signer(login: string, rights: string[], cert: TestCertOptions = {}): Promise<{ user: UserRow; key: KeyInfo; provider: KeyProvider }> {
    const { user } = await addUser(store.sql, { login, name: login.toUpperCase(), rights, actor: 'test', params: PASSWORD_PARAMS });
    const c = await makeTestCert({ cn: login.toUpperCase(), iin: '880101300123', ...cert });
    const file = path.join(dir, `${login}.pem`);
    writeFileSync(file, c.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: KEY_PASSWORD }) + c.pem);
    const provider = createSoftwareProvider({ keys: [{ path: file }] });
    providers.push(provider);
    const [key] = await provider.list();
    const info = parseCertificate(key!.certificate);
    await bindKey(store.sql, { id: key!.id, provider: key!.provider, label: key!.label, tokenLabel: key!.tokenLabel, tokenSerial: key!.tokenSerial, certificate: key!.certificate, fingerprint: info.fingerprint, subject: info.subject, iin: info.iin, bin: info.bin, notBefore: info.notBefore, notAfter: info.notAfter }, user.id, 'test');
    keyFiles.push({ path: file });
    return { user, key: key!, provider };
  }

  /** Stores `n` valid payment orders (payer KZ90601A861000012345) awaiting signature; returns their ids. */
  async function documents(n: number, firstNumber = 1): Promise<string[]> {
    const bytes = gen1cBytes({ firstNumber, documents: n });
    const docs: ParsedDocument[] = [];
    for await (const it of format1cKz.parse(memoryFile(bytes), '1c.kz', testContext())) if (it.type === 'document') docs.push(it);
    const file = (await recordReceivedFile(store.sql, { mailbox: 'default', name: `f${firstNumber}.txt`, claimId: `claim-${firstNumber}-${n}-${Math.random()}`, sha256: `${firstNumber}`.padStart(64, '0'), size: bytes.length, format: '1c.kz' }));
    return (await insertDocuments(store.sql, file.id, docs.map((d, i) => ({ seq: i, line: d.line, document: d.document, state: 'awaiting-signature' })), { fileState: 'parsed' })).ids;
  }

  return { dir, store, queue, signer, documents, policy: createPolicy([]), logger: silentLogger };
}
