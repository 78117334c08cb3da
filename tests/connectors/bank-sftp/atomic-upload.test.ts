// Upload atomicity: the link is cut after every few hundred bytes of a submission; whatever moment it dies, no final
// name in the bank's inbox ever holds a partial file, and the same key sent again completes the set exactly once.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesFor } from '../../../connectors/bank-sftp/index.ts';
import type { SignedSubmission } from '../../../gateway/core/connector.ts';
import { readPain001 } from '../../../plugins/format-iso20022/pain/index.ts';
import { startSftpBank, type SftpBank } from './fixture.ts';
import { skipWithoutSshd } from './sshd.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

async function* once(b: Uint8Array): AsyncIterable<Uint8Array> {
  yield b;
}

/** Every non-temporary file of `key` in the inbox is complete: the exact payload / signatures, a whole pain.001. */
async function checkVisible(dir: string, key: string, sub: SignedSubmission): Promise<{ xml: boolean }> {
  const names = namesFor(key);
  const visible = (await readdir(dir)).filter((n) => n.startsWith(names.messageId));
  for (const n of visible) {
    const bytes = await readFile(join(dir, n));
    if (n === names.payload) expect(bytes.equals(Buffer.from(sub.payload))).toBe(true);
    else if (n.endsWith('.p7s')) expect(bytes.equals(Buffer.from(sub.signatures[Number(n.split('.').at(-2)) - 1]!))).toBe(true);
    else if (n === names.xml) {
      const docs = [];
      for await (const item of readPain001(once(bytes))) if (item.type === 'document') docs.push(item);
      expect(docs).toHaveLength(1);
      // The pain.001 is renamed into place last: its companions are all there, complete.
      expect(visible).toEqual(expect.arrayContaining([names.payload, ...names.signatures(sub.signatures.length)]));
    } else throw new Error(`unexpected final name ${n}`);
  }
  return { xml: visible.includes(names.xml) };
}

describe.skipIf(skipWithoutSshd())('bank-sftp upload is atomic', () => {
  let b: SftpBank;
  let proxy: TcpProxy;
  beforeAll(async () => {
    b = await startSftpBank();
    await b.bank.stop(); // the inbox keeps what arrives, so every name can be inspected
    proxy = await startTcpProxy(() => b.sshd.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await b?.close();
  });

  it('cut at every point of the exchange: no partial final file; the retry with the same key completes it once', async () => {
    // One uncut submission measures how many client bytes a fresh connection + submit takes.
    const config = { port: proxy.port, poll_interval_ms: 86_400_000, retry: { attempts: 1, base_ms: 1, max_ms: 1 } };
    const probe = await b.open(config);
    const start = proxy.bytesUp;
    await probe.submit(await b.signed(probe, b.payment()), `probe-${randomUUID()}`);
    const total = proxy.bytesUp - start;
    await probe.close();
    expect(total).toBeGreaterThan(3000);

    const cuts: { key: string; sub: SignedSubmission; at: number }[] = [];
    const steps = 24;
    let cutMidFile = 0;
    let cutBeforeRename = 0;
    for (let i = 1; i <= steps; i++) {
      const at = Math.floor((total * i) / (steps + 1));
      proxy.cutAfter = at;
      const s = await b.open(config);
      const key = `cut-${i}-${randomUUID()}`;
      const sub = await b.signed(s, b.payment(`${100 + i}.00`));
      await s.submit(sub, key).then(
        () => undefined,
        (e: { code?: string; kind?: string }) => {
          expect(e.kind).toBe('operational');
        },
      );
      await s.close();
      await checkVisible(b.sshd.uploadDir, key, sub);
      const left = (await readdir(b.sshd.uploadDir)).filter((n) => n.includes(namesFor(key).messageId));
      if (left.some((n) => n.startsWith('.'))) cutMidFile++;
      if (left.length && !left.includes(namesFor(key).xml)) cutBeforeRename++;
      cuts.push({ key, sub, at });
    }
    // The sweep did hit the windows that matter: bytes in flight, and companions in place without the pain.001.
    expect(cutMidFile).toBeGreaterThan(0);
    expect(cutBeforeRename).toBeGreaterThan(0);
    proxy.cutAfter = Infinity;

    // A new session (same state) sends every key again: each ends with exactly one complete set.
    const s = await b.open(config);
    for (const c of cuts) {
      const st = await s.submit(c.sub, c.key);
      expect(st.bankId).toBe(namesFor(c.key).messageId);
      expect((await checkVisible(b.sshd.uploadDir, c.key, c.sub)).xml).toBe(true);
    }
    const xmls = (await readdir(b.sshd.uploadDir)).filter((n) => n.endsWith('.xml') && !n.startsWith('.'));
    expect(xmls).toHaveLength(cuts.length + 1);
    // Temporary names left by cut uploads are hidden and never the pain.001's final name.
    for (const n of await readdir(b.sshd.uploadDir)) if (n.startsWith('.')) expect(n.endsWith('.part')).toBe(true);
    await s.close();
  }, 120_000);
});
