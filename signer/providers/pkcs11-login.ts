// Token login shared by the key sessions of one token: first open logs in, later opens are checked, last close logs out.
// Why: PKCS#11 login state belongs to the application, not to a session (PKCS#11 2.40 base section 5.6 C_Login: all
// sessions with the token become user sessions; C_Logout ends them all).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type * as Pkcs11js from 'pkcs11js';
import { GatewayError } from '../../gateway/core/errors.ts';
import { ckrName, mapPkcs11Error } from './pkcs11-errors.ts';
import { pkcs11js, type Pkcs11Module } from './pkcs11-module.ts';

/** CK_STATE values, PKCS#11 2.40 base section 5.7 (pkcs11js does not export them). */
const CKS_RO_USER_FUNCTIONS = 1;
const CKS_RW_USER_FUNCTIONS = 3;

/** Process-random key: the PIN is kept only as an HMAC under it, never in clear. */
const PIN_KEY = randomBytes(32);
const pinMac = (pin: string) => createHmac('sha256', PIN_KEY).update(pin, 'utf8').digest();

function loggedIn(lib: Pkcs11js.PKCS11, session: Pkcs11js.Handle): boolean {
  const state = lib.C_GetSessionInfo(session).state;
  return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
}

function cLogin(lib: Pkcs11js.PKCS11, session: Pkcs11js.Handle, pin: string): void {
  try {
    lib.C_Login(session, pkcs11js.CKU_USER, pin);
  } catch (e) {
    if (ckrName(e) !== 'CKR_USER_ALREADY_LOGGED_IN') throw e;
    // Logged in by someone we cannot vouch for: log out and in again so this PIN is really checked.
    lib.C_Logout(session);
    lib.C_Login(session, pkcs11js.CKU_USER, pin);
  }
}

/**
 * Makes `session` a user session with `pin` on behalf of `holder` (a key session). Throws SIGN_PIN_INCORRECT /
 * SIGN_PIN_LOCKED / ... from C_Login, or SIGN_PIN_INCORRECT when another holder's login used a different PIN.
 */
export function loginToken(module: Pkcs11Module, serial: string, session: Pkcs11js.Handle, pin: string, holder: object): void {
  const { lib } = module;
  let state = module.logins.get(serial);
  try {
    if (state?.pinMac && state.holders.size > 0 && loggedIn(lib, session)) {
      // C_Login would answer CKR_USER_ALREADY_LOGGED_IN without checking the PIN; compare with the PIN that did log in.
      if (!timingSafeEqual(pinMac(pin), state.pinMac)) throw new GatewayError('SIGN_PIN_INCORRECT', undefined, { tokenSerial: serial });
      state.holders.add(holder);
      return;
    }
    cLogin(lib, session, pin);
  } catch (e) {
    throw mapPkcs11Error(e, 'open', { tokenSerial: serial });
  }
  // A fresh login: earlier holders (if any) lost theirs when the token went away, so they no longer count.
  state = { pinMac: pinMac(pin), holders: new Set([holder]) };
  module.logins.set(serial, state);
}

/** Drops `holder`; the last holder logs the token out (errors ignored: the token may be gone). */
export function logoutToken(module: Pkcs11Module, serial: string, session: Pkcs11js.Handle, holder: object): void {
  const state = module.logins.get(serial);
  if (!state || !state.holders.delete(holder) || state.holders.size > 0) return;
  module.logins.delete(serial);
  try {
    module.lib.C_Logout(session);
  } catch {
    // CKR_USER_NOT_LOGGED_IN, CKR_DEVICE_REMOVED, ...: nothing left to log out of.
  }
}
