// Real signatures for connector tests: test certificates (tests/fixtures/pki.ts) as key sessions, and signed
// submissions made the way the signer does — detached CMS (signer/cms.ts) over the session's signingPayload.
import { sign } from 'node:crypto';
import type { ConnectorDocument, ConnectorSession, SignedSubmission } from '../../gateway/core/connector.ts';
import { signDetached, type SigningSession } from '../../signer/cms.ts';
import { ECDSA_P256_SHA256, RSA_SHA256, type KeyInfo } from '../../signer/provider.ts';
import { makeTestCert, type TestCert, type TestCertOptions } from '../fixtures/pki.ts';

export interface TestSigner {
  cert: TestCert;
  session: SigningSession;
}

export function signerFor(cert: TestCert): TestSigner {
  const key: KeyInfo = {
    id: `test:${cert.subject}`,
    provider: 'test',
    label: cert.subject,
    tokenLabel: null,
    tokenSerial: null,
    certificate: cert.der,
    signature: cert.alg === 'rsa' ? RSA_SHA256 : ECDSA_P256_SHA256,
  };
  return { cert, session: { key, sign: async (data) => new Uint8Array(sign('sha256', data, cert.privateKey)) } };
}

export async function makeTestSigner(o: TestCertOptions = {}): Promise<TestSigner> {
  return signerFor(await makeTestCert(o));
}

/** One detached CMS per signer over exactly these bytes, in signing order. */
export function cmsSigner(signers: readonly TestSigner[]): (payload: Uint8Array) => Promise<Uint8Array[]> {
  return async (payload) => {
    const out: Uint8Array[] = [];
    for (const s of signers) out.push(await signDetached({ content: payload, session: s.session }));
    return out;
  };
}

/** What the gateway hands a connector to submit: the session's payload for the document and the signatures over it. */
export async function signedSubmission(session: ConnectorSession, doc: ConnectorDocument, sign: (payload: Uint8Array) => Promise<Uint8Array[]>): Promise<SignedSubmission> {
  const payload = session.signingPayload(doc);
  return { ...doc, payload, signatures: await sign(payload) };
}
