// TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) with replay refusal by the last accepted step.
import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;
const ISSUER = 'bankgate';

const totpFor = (login: string, secretBase32: string) =>
  new TOTP({ issuer: ISSUER, label: login, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: PERIOD_S });

/** A new random 160-bit secret (RFC 4226 recommends 160 bits), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI authenticator apps read (as a QR code or pasted). Contains the secret: show once, never log. */
export function totpUri(login: string, secretBase32: string): string {
  return totpFor(login, secretBase32).toString();
}

/** The current code (tests and enrolment checks). */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totpFor('x', secretBase32).generate({ timestamp: nowMs });
}

/**
 * The time step the code belongs to when it is valid within ±1 step of now and newer than `lastStep`;
 * null otherwise. A step at or before the last accepted one is refused: a code is usable once (RFC 6238 5.2).
 */
export function acceptTotp(secretBase32: string, code: string, nowMs: number, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor('x', secretBase32).validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(nowMs / 1000 / PERIOD_S) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
