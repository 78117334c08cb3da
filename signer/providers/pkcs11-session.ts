// A logged-in PKCS#11 key: one token session, signatures queued one at a time, each off the event loop.
// Why: a session runs one signing operation at a time (PKCS#11 2.40 base section 5.11 C_SignInit → CKR_OPERATION_ACTIVE);
// pkcs11js C_SignAsync runs C_Sign on a libuv worker thread.
import type * as Pkcs11js from 'pkcs11js';
import { GatewayError } from '../../gateway/core/errors.ts';
import type { KeyInfo, KeySession } from '../provider.ts';
import { mapPkcs11Error } from './pkcs11-errors.ts';
import { logoutToken } from './pkcs11-login.ts';
import type { Pkcs11Module } from './pkcs11-module.ts';
import { signInput, signOutput, type SignPlan } from './pkcs11-mechanism.ts';

/** Output buffer for C_Sign: RSA-8192 (1024 bytes) and any ECDSA/GOST signature fit. */
const MAX_SIGNATURE = 1024;

export interface Pkcs11SessionParts {
  module: Pkcs11Module;
  serial: string;
  session: Pkcs11js.Handle;
  privateKey: Pkcs11js.Handle;
  plan: SignPlan;
  key: KeyInfo;
  /** Identity under which loginToken counted this session's hold on the token login. */
  holder: object;
  /** Called once the session is closed (the provider forgets it). */
  onClose(s: KeySession): void;
}

export function createPkcs11Session(p: Pkcs11SessionParts): KeySession {
  const { lib } = p.module;
  let closed = false;
  /** Tail of the queue of signatures; each waits for the previous one. */
  let tail: Promise<unknown> = Promise.resolve();
  const locked = () => new GatewayError('SIGN_SESSION_LOCKED', 'the key session is closed: open the key again', { keyId: p.key.id });

  const signOne = async (data: Uint8Array): Promise<Uint8Array> => {
    if (closed) throw locked();
    try {
      const input = signInput(p.plan, data);
      lib.C_SignInit(p.session, { mechanism: p.plan.mechanism }, p.privateKey);
      // pkcs11js passes an empty buffer as a NULL pointer, which C_Sign refuses (CKR_ARGUMENTS_BAD); the multi-part
      // form with no C_SignUpdate signs the empty message (base section 5.11 C_SignFinal).
      const buf = Buffer.alloc(MAX_SIGNATURE);
      let out: Buffer;
      if (p.module.threadSafe) out = input.length ? await lib.C_SignAsync(p.session, input, buf) : await lib.C_SignFinalAsync(p.session, buf);
      else out = input.length ? lib.C_Sign(p.session, input, buf) : lib.C_SignFinal(p.session, buf);
      return signOutput(p.plan, out);
    } catch (e) {
      throw mapPkcs11Error(e, 'sign', { keyId: p.key.id, mechanism: p.plan.mechanismName });
    }
  };

  const session: KeySession = {
    key: p.key,
    sign(data) {
      if (closed) return Promise.reject(locked());
      const run = () => signOne(data);
      const result = tail.then(run, run);
      tail = result.catch(() => undefined);
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Queued signatures see `closed` and reject; the one in flight finishes before the session goes.
      await tail;
      logoutToken(p.module, p.serial, p.session, p.holder);
      try {
        lib.C_CloseSession(p.session);
      } catch {
        // The token may be gone (CKR_SESSION_HANDLE_INVALID, CKR_DEVICE_REMOVED): nothing left to close.
      }
      p.onClose(session);
    },
  };
  return session;
}
