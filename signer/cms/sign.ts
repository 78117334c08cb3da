// Signing side of the container: a detached CMS SignedData (RFC 5652 5) over exactly the bytes the connector will send.
import { createHash } from 'node:crypto';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { KeySession } from '../provider.ts';
import { wholeSeconds } from './signing-time.ts';
import { templatesFor } from './template.ts';

export type SigningSession = Pick<KeySession, 'key' | 'sign'>;

export interface SignInput {
  /** The exact bytes that will be sent; the container does not carry them (detached, RFC 5652 5.2). */
  content: Uint8Array;
  session: SigningSession;
  /** signing-time attribute (RFC 5652 11.3), cut to whole seconds; now when absent. */
  signingTime?: Date;
}

/** Whole seconds of the given time (now when absent); a time the encodings cannot hold is a caller's bug. */
function signingTimeOf(given: Date | undefined): Date {
  const t = wholeSeconds(given ?? new Date());
  const y = t.getUTCFullYear();
  if (!(y >= 1 && y <= 9999)) throw new RangeError(`signingTime ${String(given)} is not a date in years 1–9999`);
  return t;
}

/**
 * DER ContentInfo(SignedData), detached: one SignerInfo (issuerAndSerialNumber, signed content-type, message-digest and
 * signing-time) and the signer's certificate. Throws SIGN_KEY_UNSUPPORTED for keys whose digest only the token knows
 * (GOST). It does not judge the certificate (validity, key usage): verifyDetached and the signing policy do.
 */
export async function signDetached(input: SignInput): Promise<Uint8Array> {
  const { session, content } = input;
  const signingTime = signingTimeOf(input.signingTime);
  const templates = templatesFor(session.key);
  // message-digest (RFC 5652 11.2) with the SignerInfo's digest algorithm; node:crypto hashes 1 KB in ~2 µs.
  const digest = createHash(templates.digest).update(content).digest();
  const attributes = templates.signedAttributes(signingTime, digest);
  // RFC 5652 5.4: the signature is over the DER SET OF signed attributes; the session hashes and signs them.
  const signature = await session.sign(attributes);
  if (!(signature instanceof Uint8Array) || signature.length === 0) {
    throw new GatewayError('SIGN_PROVIDER_FAILED', `Key "${session.key.label}" returned no signature`, { keyId: session.key.id });
  }
  return templates.container(signingTime, attributes, signature);
}
