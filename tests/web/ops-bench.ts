// A dashboard with real signing behind it: a temp store, users with rights, encrypted software keys (PEM) bound to
// them, documents awaiting signature, a memory queue and the gateway's signer workers (startSigners).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { configSchema, type ConfigInput } from '../../config/schema.ts';
import { addUser, changePassword } from '../../gateway/auth/users.ts';
import { systemClock } from '../../gateway/core/clock.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import type { PaymentDocument } from '../../gateway/core/model/document.ts';
import { createMemoryQueue } from '../../gateway/queue/memory-queue.ts';
import { insertDocuments } from '../../gateway/store/documents-repo.ts';
import { recordReceivedFile } from '../../gateway/store/files-repo.ts';
import { bindKey } from '../../gateway/store/keys-repo.ts';
import { parseCertificate } from '../../signer/certificate.ts';
import { scriptedPresenceSource, type PresenceSource } from '../../signer/presence.ts';
import type { KeyProvider } from '../../signer/provider.ts';
import { createSoftwareProvider } from '../../signer/providers/software.ts';
import { startSigners, type Signers } from '../../signer/signers.ts';
import { makeTestCert } from '../fixtures/pki.ts';
import { payment, tempStore } from '../store/helpers.ts';
import { CHEAP, webHarness, type Harness } from './harness.ts';

export const KEY_PASSWORD = 'key-password-123';
export const ACCOUNT_A = 'KZ86125KZT5004100100';
export const ACCOUNT_B = 'KZ22601A861000099999';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export interface SignerSpec {
  login: string;
  rights: string[];
}

export interface OpsBench {
  h: Harness;
  signers: Signers;
  queue: ReturnType<typeof createMemoryQueue>;
  /** Login → password and the id of the key bound to that user. */
  people: Map<string, { password: string; keyId: string; userId: string }>;
  /** Stores payment orders awaiting signature in one received file; returns their ids. */
  documents(docs: { number: string; account?: string; beneficiary?: string; minor?: bigint }[], fileName?: string): Promise<string[]>;
}

export interface BenchOptions {
  /** USB presence the signer workers see (with [[signing.tokens]] in the config). */
  presence?: PresenceSource;
  /** Wraps the software provider (a token that fails mid-batch). */
  provider?: (p: KeyProvider) => KeyProvider;
}

/** Users with their keys must exist before the signers start: they serve the keys bound at that moment. */
export async function opsBench(signerSpecs: SignerSpec[], config: ConfigInput = {}, opts: BenchOptions = {}): Promise<OpsBench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-ops-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = tempStore();
  const people = new Map<string, { password: string; keyId: string; userId: string }>();
  const files: { path: string }[] = [];
  const certs = new Map<string, Awaited<ReturnType<typeof makeTestCert>>>();
  for (const s of signerSpecs) {
    const c = await makeTestCert({ cn: s.login.toUpperCase(), iin: '880101300123' });
    const file = path.join(dir, `${s.login}.pem`);
    writeFileSync(file, c.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: KEY_PASSWORD }) + c.pem);
    files.push({ path: file });
    certs.set(s.login, c);
  }
  const provider = createSoftwareProvider({ keys: files });
  const listed = await provider.list();
  for (const s of signerSpecs) {
    const { user, password: initial } = await addUser(store.sql, { login: s.login, name: `User ${s.login}`, rights: s.rights, actor: 'test', params: CHEAP });
    const password = `Correct horse ${s.login} battery`;
    await changePassword(store.sql, s.login, initial, password, { params: CHEAP });
    const fp = parseCertificate(certs.get(s.login)!.der).fingerprint;
    const key = listed.find((k) => parseCertificate(k.certificate).fingerprint === fp)!;
    const info = parseCertificate(key.certificate);
    await bindKey(store.sql, { id: key.id, provider: key.provider, label: key.label, tokenLabel: key.tokenLabel, tokenSerial: key.tokenSerial, certificate: key.certificate, fingerprint: info.fingerprint, subject: info.subject, iin: info.iin, bin: info.bin, notBefore: info.notBefore, notAfter: info.notAfter }, user.id, 'test');
    people.set(s.login, { password, keyId: key.id, userId: user.id });
  }
  const cfg = configSchema.parse(config);
  const queue = createMemoryQueue();
  const presence = opts.presence ?? scriptedPresenceSource();
  const signers = await startSigners({ store, queue, cfg: cfg.signing, providers: [opts.provider ? opts.provider(provider) : provider], presenceSource: () => presence, clock: systemClock, logger: silentLogger, env: {} });
  cleanups.push(() => queue.close(), () => signers.close());
  const h = webHarness(config, { store, queue, signers });
  let fileNo = 0;
  return {
    h,
    signers,
    queue,
    people,
    async documents(docs, fileName) {
      fileNo++;
      const file = (await recordReceivedFile(store.sql, { mailbox: 'default', name: fileName ?? `1c_to_kl_${fileNo}.txt`, claimId: `claim-${fileNo}-${Math.random()}`, sha256: String(fileNo).padStart(64, '0'), size: 100, format: '1c.kz' }));
      const rows = docs.map((x, i) => {
        const p: PaymentDocument = payment(x.number, x.minor ?? 150_000_00n);
        const document: PaymentDocument = { ...p, payer: { ...p.payer, iban: x.account ?? ACCOUNT_A }, beneficiary: { ...p.beneficiary, name: x.beneficiary ?? p.beneficiary.name } };
        return { seq: i, line: 10 + i * 20, document, state: 'awaiting-signature' as const };
      });
      return (await insertDocuments(store.sql, file.id, rows, { fileState: 'parsed' })).ids;
    },
  };
}

/** The checkbox values (`id:sha256`) of the signing page, by document id. */
export function signingChoices(html: string): Map<string, string> {
  return new Map([...html.matchAll(/name="doc" value="([^":]+):([0-9a-f]{64})"/g)].map((m) => [m[1]!, `${m[1]}:${m[2]}`]));
}
