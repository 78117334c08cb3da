// The signing-time attribute value (RFC 5652 11.3): UTCTime for 1950–2049, GeneralizedTime otherwise, in whole seconds.
import * as asn1js from 'asn1js';

export type TimeKind = 'utc' | 'generalized';

/** RFC 5652 11.3: dates in 1950–2049 MUST be UTCTime, others GeneralizedTime. */
export function timeKind(date: Date): TimeKind {
  const y = date.getUTCFullYear();
  return y >= 1950 && y <= 2049 ? 'utc' : 'generalized';
}

/** UTCTime has no fractions of a second; GeneralizedTime is cut to the same precision so both kinds behave alike. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** The asn1js value for a signing time (already cut to whole seconds). */
export function signingTimeValue(date: Date): asn1js.UTCTime | asn1js.GeneralizedTime {
  return timeKind(date) === 'utc' ? new asn1js.UTCTime({ valueDate: date }) : new asn1js.GeneralizedTime({ valueDate: date });
}

// Many signatures share one second: keep the last encoding (the library encoder costs ~10 µs, a lookup nothing).
let last: { ms: number; der: Uint8Array } | null = null;

/** DER of the signing-time value for `date` (whole seconds), encoded by asn1js. */
export function signingTimeDer(date: Date): Uint8Array {
  const ms = date.getTime();
  if (last?.ms !== ms) last = { ms, der: new Uint8Array(signingTimeValue(date).toBER()) };
  return last.der;
}
