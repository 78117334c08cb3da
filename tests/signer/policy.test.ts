// Signature-right policy: every rule with a refused and an accepted case (issue 4, test list), rule selection by specificity.
import { describe, expect, it } from 'vitest';
import { checkComplete, createPolicy, decideSignature, isComplete, ruleFor, type ExistingSignature, type SignerCandidate } from '../../signer/policy.ts';
import type { SignatureRight } from '../../gateway/store/schema.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-26T06:00:00Z');
const rule = ruleFor(createPolicy([]), { account: 'KZ90601A861000012345', kind: 'payment', amountMinor: 100n, currency: 'KZT' });

function signer(userId: string, right: SignatureRight, over: Partial<SignerCandidate> = {}, key: Partial<SignerCandidate['key']> = {}): SignerCandidate {
  return { userId, userLocked: false, right, at: now, key: { id: `key-${userId}`, boundUserId: userId, notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + DAY), canSign: true, ...key }, ...over };
}
const sig = (userId: string, role: ExistingSignature['role']): ExistingSignature => ({ userId, role });
const code = (d: ReturnType<typeof decideSignature>) => (d.ok ? `ok:${d.role}:${d.completes ? 'complete' : 'partial'}` : d.code);

describe('signature policy (default rule: single, or first + second)', () => {
  it('single alone: accepted and complete; refused for a user with no right', () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u1', 'single')))).toBe('ok:single:complete');
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u1', 'none')))).toBe('SIGN_NO_RIGHT');
  });

  it('first + second: first is partial, second completes', () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('a', 'first')))).toBe('ok:first:partial');
    expect(code(decideSignature(rule, 'partially-signed', [sig('a', 'first')], signer('b', 'second')))).toBe('ok:second:complete');
    expect(checkComplete(rule, [sig('a', 'first'), sig('b', 'second')]).ok).toBe(true);
    expect(checkComplete(rule, [sig('a', 'first')])).toMatchObject({ ok: false, code: 'SIGN_INCOMPLETE' });
  });

  it('second before first: accepted (order does not matter), then first completes', () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('b', 'second')))).toBe('ok:second:partial');
    expect(code(decideSignature(rule, 'partially-signed', [sig('b', 'second')], signer('a', 'first')))).toBe('ok:first:complete');
    // Refused: a second signature cannot start a set where only single signatures are allowed.
    const singleOnly = ruleFor(createPolicy([{ account: '*', kinds: ['*'], min_amount: '0', sets: ['single'] }]), { account: 'KZ90601A861000012345', kind: 'payment', amountMinor: 1n, currency: 'KZT' });
    expect(code(decideSignature(singleOnly, 'awaiting-signature', [], signer('b', 'second')))).toBe('SIGN_WRONG_SET');
  });

  it('third signature: refused once the set is complete (two signatures, or one single)', () => {
    expect(code(decideSignature(rule, 'partially-signed', [sig('a', 'first'), sig('b', 'second')], signer('c', 'single')))).toBe('SIGN_TOO_MANY');
    expect(code(decideSignature(rule, 'partially-signed', [sig('a', 'single')], signer('c', 'first')))).toBe('SIGN_TOO_MANY');
    expect(checkComplete(rule, [sig('a', 'first'), sig('b', 'second'), sig('c', 'first')])).toMatchObject({ ok: false, code: 'SIGN_TOO_MANY' });
    // Accepted: the second of two.
    expect(code(decideSignature(rule, 'partially-signed', [sig('a', 'first')], signer('c', 'second')))).toBe('ok:second:complete');
  });

  it('same user twice: refused, whatever their right; another user accepted', () => {
    expect(code(decideSignature(rule, 'partially-signed', [sig('a', 'first')], signer('a', 'second')))).toBe('SIGN_SAME_USER');
    expect(checkComplete(rule, [sig('a', 'first'), sig('a', 'second')])).toMatchObject({ ok: false, code: 'SIGN_SAME_USER' });
    expect(code(decideSignature(rule, 'partially-signed', [sig('a', 'first')], signer('b', 'second')))).toBe('ok:second:complete');
  });

  it('B + B: refused; A + A only where configured', () => {
    expect(code(decideSignature(rule, 'partially-signed', [sig('b1', 'second')], signer('b2', 'second')))).toBe('SIGN_WRONG_SET');
    expect(code(decideSignature(rule, 'partially-signed', [sig('a1', 'first')], signer('a2', 'first')))).toBe('SIGN_WRONG_SET');
    expect(isComplete(rule, ['second', 'second'])).toBe(false);
    const aa = ruleFor(createPolicy([{ account: '*', kinds: ['*'], min_amount: '0', sets: ['first+second', 'first+first'] }]), { account: 'KZ90601A861000012345', kind: 'payment', amountMinor: 1n, currency: 'KZT' });
    expect(code(decideSignature(aa, 'partially-signed', [sig('a1', 'first')], signer('a2', 'first')))).toBe('ok:first:complete');
    expect(code(decideSignature(aa, 'partially-signed', [sig('b1', 'second')], signer('b2', 'second')))).toBe('SIGN_WRONG_SET');
  });

  it('expired or not-yet-valid certificate: refused; valid: accepted', () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single', {}, { notAfter: new Date(now.getTime() - 1) })))).toBe('SIGN_CERT_EXPIRED');
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single', {}, { notBefore: new Date(now.getTime() + 1) })))).toBe('SIGN_CERT_NOT_YET_VALID');
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single', {}, { canSign: false })))).toBe('SIGN_CERT_USAGE');
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single')))).toBe('ok:single:complete');
  });

  it("another user's certificate (key bound to someone else, or to nobody): refused", () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single', {}, { boundUserId: 'v' })))).toBe('SIGN_KEY_NOT_BOUND');
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single', {}, { boundUserId: null })))).toBe('SIGN_KEY_NOT_BOUND');
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single', {}, { boundUserId: 'u' })))).toBe('ok:single:complete');
  });

  it('no right on the account: refused; a right on it: accepted', () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'none')))).toBe('SIGN_NO_RIGHT');
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'first')))).toBe('ok:first:partial');
  });

  it('locked users and documents not waiting for signatures are refused', () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('u', 'single', { userLocked: true })))).toBe('SIGN_USER_LOCKED');
    for (const state of ['invalid', 'signed', 'held', 'sent']) expect(code(decideSignature(rule, state, [], signer('u', 'single')))).toBe('SIGN_STATE');
  });

  it('a single-right user stands in for first or second where two signatures are needed', () => {
    const two = ruleFor(createPolicy([{ account: '*', kinds: ['*'], min_amount: '0', sets: ['first+second'] }]), { account: 'KZ90601A861000012345', kind: 'payment', amountMinor: 1n, currency: 'KZT' });
    expect(code(decideSignature(two, 'awaiting-signature', [], signer('e', 'single')))).toBe('ok:first:partial');
    expect(code(decideSignature(two, 'partially-signed', [sig('a', 'first')], signer('e', 'single')))).toBe('ok:second:complete');
    expect(code(decideSignature(rule, 'partially-signed', [sig('a', 'first')], signer('e', 'single')))).toBe('ok:second:complete');
  });

  it('automatic signing signs alone as single, only where single is allowed', () => {
    expect(code(decideSignature(rule, 'awaiting-signature', [], signer('robot', 'none', { automatic: true })))).toBe('ok:single:complete');
    const two = ruleFor(createPolicy([{ account: '*', kinds: ['*'], min_amount: '0', sets: ['first+second'] }]), { account: 'KZ90601A861000012345', kind: 'payment', amountMinor: 1n, currency: 'KZT' });
    expect(code(decideSignature(two, 'awaiting-signature', [], signer('robot', 'none', { automatic: true })))).toBe('SIGN_WRONG_SET');
  });
});

describe('policy rule selection', () => {
  const policy = createPolicy([
    { account: '*', kinds: ['*'], min_amount: '10000000.00', sets: ['first+second'] },
    { account: 'KZ90601A861000012345', kinds: ['salary'], min_amount: '0', sets: ['single'] },
    { account: 'KZ90601A861000012345', kinds: ['*'], min_amount: '0', sets: ['first+second', 'first+first'] },
    { account: '*', kinds: ['fx-order'], min_amount: '0', currency: 'USD', sets: ['first+second'] },
  ]);
  const sel = (account: string, kind: string, amount: string, currency = 'KZT') => ruleFor(policy, { account, kind, amountMinor: BigInt(amount), currency }).sets.join(' | ');

  it('picks the most specific rule: exact account, then exact kind, then the highest threshold', () => {
    expect(sel('KZ90601A861000012345', 'salary', '100')).toBe('single');
    expect(sel('KZ90601A861000012345', 'payment', '100')).toBe('first+second | first+first');
    expect(sel('KZ12009NPS0413609816', 'payment', '100')).toBe('single | first+second');
    expect(sel('KZ12009NPS0413609816', 'payment', '1000000000')).toBe('first+second');
    expect(sel('KZ12009NPS0413609816', 'payment', '999999999')).toBe('single | first+second');
    expect(sel('KZ12009NPS0413609816', 'fx-order', '100', 'USD')).toBe('first+second');
    expect(sel('KZ12009NPS0413609816', 'fx-order', '100', 'EUR')).toBe('single | first+second');
  });
});
