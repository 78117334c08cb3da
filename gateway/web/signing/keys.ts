// The signing keys bound to a user, with their token and lock state, and the policy the dashboard checks against.
import type { Store } from '../../store/db.ts';
import { listKeys } from '../../store/keys-repo.ts';
import { createPolicy, type SigningPolicy } from '../../../signer/policy.ts';
import type { KeyView } from '../../../signer/signers.ts';
import type { WebDeps } from '../deps.ts';

export interface MyKey {
  id: string;
  label: string;
  subject: string;
  notAfter: string;
  /** A signer worker serves the key in this gateway (its provider is configured and it was bound before the start). */
  served: boolean;
  present: boolean;
  unlocked: boolean;
}

/** The running signers' policy; the configured one when this process has no signers (same rules either way). */
export function signingPolicy(d: Pick<WebDeps, 'signers' | 'config'>): SigningPolicy {
  return d.signers?.policy ?? createPolicy(d.config.signing.policies);
}

export async function myKeys(d: { store: Store; signers?: WebDeps['signers'] }, userId: string): Promise<MyKey[]> {
  const mine = (await listKeys(d.store.sql)).filter((k) => k.userId === userId);
  if (mine.length === 0) return [];
  const views = new Map<string, KeyView>((await (d.signers?.list() ?? Promise.resolve([]))).map((v) => [v.keyId, v]));
  return mine.map((k) => {
    const v = views.get(k.id);
    return {
      id: k.id,
      label: k.label,
      subject: v?.subject ?? k.subject,
      notAfter: new Date(k.notAfter).toISOString(),
      served: v?.served ?? false,
      present: v?.present ?? false,
      unlocked: v?.unlocked ?? false,
    };
  });
}
