// What waits for a signer: documents awaiting a signature on accounts where the user's right lets them add one the
// policy still needs, not yet signed by them, each with the summary and SHA-256 of the exact bytes to be signed.
import type { ErrorCode } from '../../core/error-codes.ts';
import type { CanonicalDocument } from '../../core/model/document.ts';
import type { Money } from '../../core/model/money.ts';
import type { Store } from '../../store/db.ts';
import { getDocument, type DocumentRow } from '../../store/documents-repo.ts';
import { signatureBriefs, unsignedBy } from '../../store/signatures-repo.ts';
import { ANY_ACCOUNT, rightOn, rightsOf, type RightRow, type UserRow } from '../../store/users-repo.ts';
import { decideSignature, ruleFor, type SignatureRole, type SigningPolicy } from '../../../signer/policy.ts';
import { documentSummary, payerAccount, sha256Hex, signedBytes } from '../../../signer/signed-bytes.ts';

export interface WaitingDocument {
  id: string;
  kind: string;
  number: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  state: string;
  amount: Money | null;
  account: string | null;
  beneficiary: string | null;
  /** KNP (payment purpose code) and purpose text, for the page's own summary in the reader's language. */
  knp: string | null;
  purpose: string | null;
  /** The one-line summary the CLI prints (English), beside the hash. */
  summary: string;
  sha256: string;
  /** The role this user's signature would take, and whether it completes the document. */
  role: SignatureRole;
  completes: boolean;
}

export type RightCheck = { ok: true; role: SignatureRole; completes: boolean } | { ok: false; code: ErrorCode; message: string; noRight: boolean };

export interface KeyFacts {
  id: string;
  boundUserId: string | null;
  notBefore: Date;
  notAfter: Date;
  canSign: boolean;
}

/**
 * The policy's verdict on this user adding a signature. Without `key` the key is left out (a neutral key bound to
 * the user, valid now): the list of what waits judges only the right, the state and the signatures present; the
 * batch passes the chosen key so its binding and validity count too.
 */
export function rightToSign(policy: SigningPolicy, rights: readonly RightRow[], user: UserRow, doc: DocumentRow, existing: readonly { userId: string; role: string }[], key?: KeyFacts): RightCheck {
  const account = payerAccount(doc.document) ?? ANY_ACCOUNT;
  const right = rightOn(rights, account);
  if (right === 'none') return { ok: false, code: 'SIGN_NO_RIGHT', message: `no signature right on ${account}`, noRight: true };
  const rule = ruleFor(policy, { account, kind: doc.kind, amountMinor: doc.amount?.minor ?? null, currency: doc.amount?.currency ?? null });
  const neutralKey: KeyFacts = { id: '-', boundUserId: user.id, notBefore: new Date(0), notAfter: new Date(8.64e15), canSign: true };
  const d = decideSignature(rule, doc.state, existing.map((s) => ({ userId: s.userId, role: s.role as SignatureRole })), { userId: user.id, userLocked: user.locked, right, key: key ?? neutralKey, at: new Date() });
  return d.ok ? d : { ...d, noRight: false };
}

export function toWaiting(doc: DocumentRow, check: { role: SignatureRole; completes: boolean }): WaitingDocument {
  const body: CanonicalDocument = doc.document;
  return {
    id: doc.id,
    kind: doc.kind,
    number: doc.number,
    date: doc.docDate,
    state: doc.state,
    amount: doc.amount,
    account: payerAccount(body),
    beneficiary: 'beneficiary' in body ? (body.beneficiary.name ?? null) : null,
    knp: 'knp' in body ? (body.knp ?? null) : null,
    purpose: 'purpose' in body ? body.purpose : null,
    summary: documentSummary(body),
    sha256: sha256Hex(signedBytes({ id: doc.id, document: body })),
    role: check.role,
    completes: check.completes,
  };
}

/** Rows looked at per page: enough for any real morning's work, bounded however many documents wait. */
const SCAN = 2000;

export async function waitingFor(store: Store, policy: SigningPolicy, user: UserRow, limit = 500): Promise<{ items: WaitingDocument[]; more: boolean }> {
  const rights = (await rightsOf(store.sql, user.id));
  const any = rightOn(rights, ANY_ACCOUNT) !== 'none';
  const accounts = rights.filter((r) => r.account !== ANY_ACCOUNT && r.right !== 'none').map((r) => r.account);
  if (!any && accounts.length === 0) return { items: [], more: false };
  // Without a right on '*', only the accounts the user holds a right on are read at all.
  const ids = await unsignedBy(store.sql, user.id, { ...(any ? {} : { accounts }), limit: SCAN });
  const items: WaitingDocument[] = [];
  let more = ids.length === SCAN;
  for (const id of ids) {
    const doc = (await getDocument(store.sql, id));
    if (!doc) continue;
    const check = rightToSign(policy, rights, user, doc, await signatureBriefs(store.sql, id));
    if (!check.ok) continue;
    if (items.length === limit) {
      more = true;
      break;
    }
    items.push(toWaiting(doc, check));
  }
  return { items, more };
}
