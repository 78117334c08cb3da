// Signature-right policy: which signature sets complete a document, and whether one more signature may be added.
// Rights follow EBICS classes (architecture.md 6): single = E, first = A, second = B; never more than two signatures.
import type { ErrorCode } from '../gateway/core/error-codes.ts';
import { parseDecimal } from '../gateway/core/model/money.ts';
import type { SignatureRight } from '../gateway/store/schema.ts';
import type { PolicyRuleConfig, SignatureSet } from './config.ts';

export type SignatureRole = 'single' | 'first' | 'second';

export interface PolicyRule {
  account: string;
  kinds: readonly string[];
  /** Minor units in `currency` (or in the document's currency when the rule names none). */
  minAmount: bigint;
  currency: string | null;
  sets: readonly SignatureSet[];
}

export interface SigningPolicy {
  rules: readonly PolicyRule[];
}

/** Without configuration: one single signature, or first + second (the product's default). */
export const DEFAULT_RULE: PolicyRule = { account: '*', kinds: ['*'], minAmount: 0n, currency: null, sets: ['single', 'first+second'] };

export function createPolicy(rules: readonly PolicyRuleConfig[]): SigningPolicy {
  const parsed = rules.map((r): PolicyRule => ({
    account: r.account,
    kinds: r.kinds,
    minAmount: parseDecimal(r.min_amount, r.currency ?? 'KZT') ?? 0n,
    currency: r.currency ?? null,
    sets: r.sets,
  }));
  return { rules: [...parsed, DEFAULT_RULE] };
}

export interface PolicySubject {
  account: string;
  kind: string;
  amountMinor: bigint | null;
  currency: string | null;
}

/** The most specific matching rule: exact account before '*', exact kind before '*', then the highest threshold. */
export function ruleFor(policy: SigningPolicy, d: PolicySubject): PolicyRule {
  const matches = policy.rules.filter(
    (r) =>
      (r.account === '*' || r.account === d.account) &&
      (r.kinds.includes('*') || r.kinds.includes(d.kind)) &&
      (r.currency === null || r.currency === d.currency) &&
      (r.minAmount === 0n || (d.amountMinor !== null && d.amountMinor >= r.minAmount)),
  );
  const score = (r: PolicyRule) => (r.account === '*' ? 0 : 2) + (r.kinds.includes('*') ? 0 : 1);
  matches.sort((a, b) => score(b) - score(a) || (b.minAmount > a.minAmount ? 1 : b.minAmount < a.minAmount ? -1 : 0));
  return matches[0] ?? DEFAULT_RULE;
}

/** True when the roles form one of the rule's complete sets. */
export function isComplete(rule: PolicyRule, roles: readonly SignatureRole[]): boolean {
  if (roles.length === 1) return roles[0] === 'single' && rule.sets.includes('single');
  if (roles.length !== 2) return false;
  const [a, b] = [...roles].sort();
  if (a === 'first' && b === 'second') return rule.sets.includes('first+second');
  if (a === 'first' && b === 'first') return rule.sets.includes('first+first');
  return false;
}

/** Pairs a role may still complete, given the signature already there (or none). */
function pairable(rule: PolicyRule, role: SignatureRole, other: SignatureRole | null): boolean {
  if (other === null) {
    if (role === 'single') return rule.sets.includes('single');
    if (role === 'first') return rule.sets.includes('first+second') || rule.sets.includes('first+first');
    return rule.sets.includes('first+second');
  }
  return isComplete(rule, [other, role]);
}

export interface ExistingSignature {
  userId: string;
  role: SignatureRole;
}

export interface SignerCandidate {
  userId: string;
  userLocked: boolean;
  /** The user's right on the document's payer account. */
  right: SignatureRight;
  key: { id: string; boundUserId: string | null; notBefore: Date; notAfter: Date; canSign: boolean };
  /** Signing time. */
  at: Date;
  /** Automatic signing by a key designated in config: acts as 'single' without a person's right. */
  automatic?: boolean;
}

export type Decision = { ok: true; role: SignatureRole; completes: boolean } | { ok: false; code: ErrorCode; message: string };

const SIGNABLE_STATES = new Set(['awaiting-signature', 'partially-signed']);

function refuse(code: ErrorCode, message: string): Decision {
  return { ok: false, code, message };
}

/** Decides whether `c` may add a signature now and in which role. Checked when a signature is added and again before submission. */
export function decideSignature(rule: PolicyRule, documentState: string, existing: readonly ExistingSignature[], c: SignerCandidate): Decision {
  if (!SIGNABLE_STATES.has(documentState)) return refuse('SIGN_STATE', `the document is '${documentState}', not waiting for signatures`);
  if (c.userLocked) return refuse('SIGN_USER_LOCKED', 'the signing user is locked');
  if (c.key.boundUserId !== c.userId) return refuse('SIGN_KEY_NOT_BOUND', `key ${c.key.id} is ${c.key.boundUserId ? 'bound to another user' : 'not bound to any user'}`);
  if (c.at < c.key.notBefore) return refuse('SIGN_CERT_NOT_YET_VALID', `the certificate is valid from ${c.key.notBefore.toISOString()}`);
  if (c.at > c.key.notAfter) return refuse('SIGN_CERT_EXPIRED', `the certificate expired on ${c.key.notAfter.toISOString()}`);
  if (!c.key.canSign) return refuse('SIGN_CERT_USAGE', 'the certificate key usage does not allow digital signatures');
  const roles = existing.map((s) => s.role);
  if (existing.length >= 2 || isComplete(rule, roles)) return refuse('SIGN_TOO_MANY', `the document already has ${existing.length} signature(s) forming a complete set`);
  if (existing.some((s) => s.userId === c.userId)) return refuse('SIGN_SAME_USER', 'this user has already signed the document');
  const other = existing[0]?.role ?? null;
  if (c.automatic) {
    return other === null && rule.sets.includes('single') ? { ok: true, role: 'single', completes: true } : refuse('SIGN_WRONG_SET', 'automatic signing signs alone, as single, where the policy allows a single signature');
  }
  if (c.right === 'none') return refuse('SIGN_NO_RIGHT', 'the user has no signature right on the payer account');
  // A single-right user (E, the highest class) may also stand in for a first (A) or second (B) signature where the rule needs two.
  const candidates: SignatureRole[] = c.right === 'single' ? ['single', 'first', 'second'] : [c.right];
  for (const role of candidates) {
    if (pairable(rule, role, other)) return { ok: true, role, completes: other === null ? role === 'single' : true };
  }
  const allowed = rule.sets.join(', ');
  return refuse('SIGN_WRONG_SET', other === null ? `a '${c.right}' signature cannot start any allowed set (${allowed})` : `'${other}' + '${c.right}' is not an allowed set (${allowed})`);
}

/** Before submission: the signatures present must form exactly one complete set, at most two, from different users. */
export function checkComplete(rule: PolicyRule, existing: readonly ExistingSignature[]): Decision | { ok: true } {
  if (existing.length > 2) return refuse('SIGN_TOO_MANY', `${existing.length} signatures: at most two`);
  if (new Set(existing.map((s) => s.userId)).size !== existing.length) return refuse('SIGN_SAME_USER', 'one user signed twice');
  if (!isComplete(rule, existing.map((s) => s.role))) return refuse('SIGN_INCOMPLETE', `signatures [${existing.map((s) => s.role).join(', ')}] do not form an allowed set (${rule.sets.join(', ')})`);
  return { ok: true };
}
