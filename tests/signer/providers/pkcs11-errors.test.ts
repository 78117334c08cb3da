// PKCS#11 return values → SIGN_ codes: one case per mapped CKR, the fallbacks, and no PIN in any message.
import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../gateway/core/errors.ts';
import { ckrName, mapPkcs11Error } from '../../../signer/providers/pkcs11-errors.ts';

const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;

/** A Pkcs11Error exactly as pkcs11js raises it from a failed call ("CKR_NAME:number" parsed into message and code). */
function ckr(name: string, method = 'C_Login'): Error {
  const code = (pkcs11js as unknown as Record<string, number>)[name]!;
  return new pkcs11js.Pkcs11Error(`${name}:${code}`, code, method);
}

describe('mapPkcs11Error', () => {
  it.each([
    ['CKR_PIN_INCORRECT', 'SIGN_PIN_INCORRECT'],
    ['CKR_PIN_LEN_RANGE', 'SIGN_PIN_INCORRECT'],
    ['CKR_PIN_INVALID', 'SIGN_PIN_INCORRECT'],
    ['CKR_PIN_LOCKED', 'SIGN_PIN_LOCKED'],
    ['CKR_TOKEN_NOT_PRESENT', 'SIGN_TOKEN_NOT_PRESENT'],
    ['CKR_TOKEN_NOT_RECOGNIZED', 'SIGN_TOKEN_NOT_PRESENT'],
    ['CKR_SLOT_ID_INVALID', 'SIGN_TOKEN_NOT_PRESENT'],
    ['CKR_DEVICE_REMOVED', 'SIGN_DEVICE_REMOVED'],
    ['CKR_SESSION_HANDLE_INVALID', 'SIGN_DEVICE_REMOVED'],
    ['CKR_SESSION_CLOSED', 'SIGN_DEVICE_REMOVED'],
    ['CKR_DEVICE_ERROR', 'SIGN_DEVICE_REMOVED'],
  ] as const)('%s → %s', (name, code) => {
    const e = mapPkcs11Error(ckr(name), 'open');
    expect(e).toBeInstanceOf(GatewayError);
    expect(e.code).toBe(code);
    expect(e.details?.['ckr']).toBe(name);
    expect(e.message).toContain(name);
    expect(e.message).toContain('C_Login');
  });

  it('maps anything else to SIGN_PROVIDER_FAILED naming the CKR', () => {
    const e = mapPkcs11Error(ckr('CKR_FUNCTION_FAILED', 'C_Sign'), 'sign');
    expect(e.code).toBe('SIGN_PROVIDER_FAILED');
    expect(e.message).toMatch(/C_Sign: CKR_FUNCTION_FAILED/);
    expect(e.kind).toBe('operational');
  });

  it('treats a vanished key handle as a removed token only inside a session (sign)', () => {
    for (const name of ['CKR_OBJECT_HANDLE_INVALID', 'CKR_KEY_HANDLE_INVALID', 'CKR_USER_NOT_LOGGED_IN']) {
      expect(mapPkcs11Error(ckr(name, 'C_SignInit'), 'sign').code).toBe('SIGN_DEVICE_REMOVED');
      expect(mapPkcs11Error(ckr(name, 'C_FindObjectsInit'), 'list').code).toBe('SIGN_PROVIDER_FAILED');
    }
  });

  it('reads a CKR from a numeric code alone, and handles errors without one', () => {
    const numeric = Object.assign(new Error('failed'), { code: pkcs11js.CKR_PIN_LOCKED });
    expect(ckrName(numeric)).toBe('CKR_PIN_LOCKED');
    expect(mapPkcs11Error(numeric, 'open').code).toBe('SIGN_PIN_LOCKED');
    const unknownNumber = Object.assign(new Error('failed'), { code: 0x8000_0123 });
    expect(ckrName(unknownNumber)).toBe('CKR_0x80000123');
    const native = new pkcs11js.NativeError('Cannot load library');
    const e = mapPkcs11Error(native, 'load');
    expect(e.code).toBe('SIGN_PROVIDER_FAILED');
    expect(e.message).toContain('Cannot load library');
    expect(mapPkcs11Error('a string', 'list').code).toBe('SIGN_PROVIDER_FAILED');
  });

  it('passes GatewayErrors through unchanged', () => {
    const g = new GatewayError('SIGN_KEY_NOT_FOUND', 'x');
    expect(mapPkcs11Error(g, 'open')).toBe(g);
  });

  it('never puts a PIN in the message or details (it only ever sees the library error)', () => {
    const e = mapPkcs11Error(ckr('CKR_PIN_INCORRECT'), 'open', { keyId: 'pkcs11:1:01' });
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toMatch(/1234|0000/);
    expect(e.details?.['keyId']).toBe('pkcs11:1:01');
  });
});
