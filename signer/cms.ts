// Signature container: detached CMS SignedData (RFC 5652) over the exact bytes a connector sends; signing and verification.
// The pieces live in signer/cms/: oids, signing-time, build (pkijs encoding), template (per-key fast path), sign, der + parse
// (strict DER reading; parse-pkijs the name-matching fallback), verify.
export { signDetached, type SignInput, type SigningSession } from './cms/sign.ts';
export { verifyDetached, type SignatureProblem, type VerifiedSignature, type VerifyOptions } from './cms/verify.ts';
