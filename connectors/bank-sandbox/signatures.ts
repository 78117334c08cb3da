// Signature check at the bank: every detached CMS must verify over the payload bytes, belong to a certificate
// registered for this client, and the signers' rights must form a complete set under the client's policy
// (EBICS classes, reliability-security.md 2; invariant I3: no bank order without a complete, valid signature set).
import { verifyDetached } from '../../signer/cms.ts';
import { checkComplete, createPolicy, ruleFor, type ExistingSignature, type PolicyRule, type SignatureRole } from '../../signer/policy.ts';
import { certificateByFingerprint, rightOn } from './certificates-repo.ts';
import { policiesOf, type ClientRow } from './clients-repo.ts';
import type { SandboxDb } from './db.ts';
import { refuse, type Refusal } from './reasons.ts';

export interface Signer {
  fingerprint: string;
  user: string;
}

/** Crypto and registration: BAD_SIGNATURE or UNKNOWN_CERTIFICATE, else the signers in order. */
export async function verifySigners(db: SandboxDb, client: ClientRow, payload: Uint8Array, cms: readonly Uint8Array[], at: Date): Promise<Signer[] | Refusal> {
  const signers: Signer[] = [];
  for (const [i, c] of cms.entries()) {
    const n = i + 1;
    const v = await verifyDetached(c, payload, { at });
    if (!v.ok) {
      const p = v.errors[0]!;
      return refuse('BAD_SIGNATURE', { en: `signature ${n}: ${p.message}`, ru: `подпись ${n} (${p.code})`, kk: `${n}-қолтаңба (${p.code})` });
    }
    const cert = certificateByFingerprint(db, v.certificate!.fingerprint);
    if (!cert || cert.client_id !== client.client_id) {
      const who = v.certificate!.commonName ?? v.certificate!.subject;
      return refuse('UNKNOWN_CERTIFICATE', { en: `signature ${n} by ${who}`, ru: `подпись ${n}, владелец ${who}`, kk: `${n}-қолтаңба, иесі ${who}` });
    }
    signers.push({ fingerprint: cert.fingerprint, user: cert.user });
  }
  return signers;
}

/** Roles a right can play: a single (E) signer may also stand in for a first or second signature (signer/policy.ts decideSignature). */
function rolesFor(right: SignatureRole): SignatureRole[] {
  return right === 'single' ? ['single', 'first', 'second'] : [right];
}

function complete(rule: PolicyRule, signers: { user: string; right: SignatureRole }[]): boolean {
  const tryFrom = (i: number, acc: ExistingSignature[]): boolean => {
    if (i === signers.length) return checkComplete(rule, acc).ok;
    return rolesFor(signers[i]!.right).some((role) => tryFrom(i + 1, [...acc, { userId: signers[i]!.user, role }]));
  };
  return tryFrom(0, []);
}

/** Rights on the debited account and the client's policy (checkComplete, the same sets the gateway enforces): MISSING_SIGNATURE. */
export function checkRights(db: SandboxDb, client: ClientRow, signers: readonly Signer[], subject: { account: string; kind: string; amountMinor: bigint; currency: string }): Refusal | null {
  const withRights: { user: string; right: SignatureRole }[] = [];
  for (const s of signers) {
    const right = rightOn(db, s.fingerprint, subject.account);
    if (!right) {
      return refuse('MISSING_SIGNATURE', {
        en: `${s.user} has no signature right on account ${subject.account}`,
        ru: `у ${s.user} нет права подписи по счёту ${subject.account}`,
        kk: `${s.user} үшін ${subject.account} шоты бойынша қол қою құқығы жоқ`,
      });
    }
    withRights.push({ user: s.user, right });
  }
  const rule = ruleFor(createPolicy(policiesOf(client)), subject);
  if (complete(rule, withRights)) return null;
  const have = withRights.map((s) => `${s.user} (${s.right})`).join(', ');
  const sets = rule.sets.join(', ');
  return refuse('MISSING_SIGNATURE', {
    en: `signatures ${have} do not form an allowed set (${sets})`,
    ru: `подписи ${have} не образуют допустимый комплект (${sets})`,
    kk: `${have} қолтаңбалары рұқсат етілген жиынтық құрамайды (${sets})`,
  });
}
