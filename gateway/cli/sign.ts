// `bankgate sign --key K [--all-waiting | DOC…]`: shows each document with the hash of its bytes, asks the PIN, signs
// the batch through the key's signer worker and prints one line per document.
import { tokenFor } from '../../signer/config.ts';
import { closeProviders, createKeyProviders, findProviderKey } from '../../signer/key-registry.ts';
import { createPolicy } from '../../signer/policy.ts';
import { nodeHidSource } from '../../signer/presence.ts';
import { recordSigningRequest, showForSigning, type SignOutcome } from '../../signer/sign-documents.ts';
import { createSignerWorker } from '../../signer/worker.ts';
import { systemClock } from '../core/clock.ts';
import { ERROR_CODES } from '../core/error-codes.ts';
import { GatewayError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import { openQueue } from '../queue/open-queue.ts';
import { getKey } from '../store/keys-repo.ts';
import { unsignedBy } from '../store/signatures-repo.ts';
import { getUser } from '../store/users-repo.ts';
import { cliActor, openAdminStore } from './admin-store.ts';
import { reportError } from './output.ts';
import { askSecret } from './secret-prompt.ts';

export interface SignOptions {
  config?: string;
  key: string;
  allWaiting?: boolean;
  /** Print the list and hashes, sign nothing. */
  dryRun?: boolean;
}

export async function runSign(docIds: string[], o: SignOptions): Promise<number> {
  let ctx: Awaited<ReturnType<typeof openAdminStore>> | undefined;
  const providers: ReturnType<typeof createKeyProviders> = [];
  try {
    if (!o.allWaiting && docIds.length === 0) throw new GatewayError('SIGN_STATE', 'name the documents to sign, or --all-waiting');
    ctx = (await openAdminStore(o));
    const { loaded, store } = ctx;
    const cfg = loaded.config.signing;
    providers.push(...createKeyProviders(cfg, silentLogger));
    const { provider, info } = await findProviderKey(providers, o.key);
    const key = await getKey(store.sql, info.id);
    if (!key?.userId) throw new GatewayError('SIGN_KEY_NOT_BOUND', `key ${info.id} is not bound to a user (bankgate keys bind ${info.id} LOGIN)`);
    const user = (await getUser(store.sql, key.userId))!;
    const ids = o.allWaiting ? await unsignedBy(store.sql, user.id) : docIds;
    const shown = (await showForSigning(store, ids));
    const missing = ids.filter((id) => !shown.some((s) => s.documentId === id));
    for (const id of missing) console.log(`${id}: ✗ ${ERROR_CODES.SIGN_STATE.en}: no such document`);
    if (shown.length === 0) {
      console.log(o.allWaiting ? `nothing waiting for ${user.login}'s signature` : 'nothing to sign');
      return missing.length ? 1 : 0;
    }
    console.log(`signer ${user.login} (${user.name}), key ${info.label} — ${shown.length} document(s):`);
    for (const s of shown) console.log(`  ${s.documentId}  ${s.summary}\n      SHA-256 ${s.sha256}`);
    if (o.dryRun) return 0;

    const match = tokenFor(cfg, info.id);
    // The configured queue (embedded, or BullMQ): a signer worker elsewhere for this key would take the job as well.
    const { queue } = await openQueue(loaded.config, process.env, silentLogger);
    const outcomes = new Map<string, SignOutcome>();
    const worker = createSignerWorker({
      store,
      queue,
      policy: createPolicy(cfg.policies),
      clock: systemClock,
      logger: silentLogger,
      key,
      provider,
      presence: match ? { source: nodeHidSource(), match, pollMs: cfg.presence_poll_ms } : undefined,
      idleTimeoutMs: cfg.pin_idle_timeout_s * 1000,
      onOutcome: (out) => outcomes.set(out.documentId, out),
    });
    try {
      await worker.unlock(await askSecret(`PIN/password for ${info.label}: `));
      await recordSigningRequest(store.sql, shown, { login: user.login, keyId: info.id });
      const job = await worker.enqueue(user.id, shown.map((s) => ({ documentId: s.documentId, sha256: s.sha256 })));
      // The job completes once every document has an outcome; a token pulled out makes it wait (Ctrl+C leaves it queued).
      for (;;) {
        const rec = await queue.getJob(`sign:${info.id}`, job.id);
        if (!rec || rec.state === 'completed' || rec.state === 'dead') break;
        if (rec.lastError && rec.state !== 'active') process.stderr.write(`waiting: ${rec.lastError}\r`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.close();
      await queue.close();
    }
    let refused = missing.length;
    for (const s of shown) {
      const out = outcomes.get(s.documentId);
      if (!out) {
        refused++;
        console.log(`${s.documentId}: … not signed yet (job waits for the token)`);
      } else if (out.ok) {
        console.log(`${s.documentId}: ✓ signed as ${out.role}${out.state === 'signed' ? ' — complete' : ' — needs one more signature'}${out.already ? ' (already)' : ''}`);
      } else {
        refused++;
        console.log(`${s.documentId}: ✗ ${out.code} ${ERROR_CODES[out.code].en}: ${out.message}`);
      }
    }
    console.log(`${user.login} via ${cliActor()}: ${shown.length - refused + missing.length} signed, ${refused} not signed`);
    return refused ? 1 : 0;
  } catch (e) {
    return reportError(e);
  } finally {
    await closeProviders(providers);
    await ctx?.store.close();
  }
}
