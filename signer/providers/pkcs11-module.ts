// PKCS#11 libraries loaded in this process: one pkcs11js instance per path, initialised once, finalized by the last user.
// Why: Cryptoki state is per process (PKCS#11 2.40 base section 5.4 C_Initialize), so two providers over one library
// must share it rather than finalize it under each other.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import type * as Pkcs11js from 'pkcs11js';
import { GatewayError } from '../../gateway/core/errors.ts';
import { ckrName, mapPkcs11Error } from './pkcs11-errors.ts';

export const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;

/** Per-token login bookkeeping (pkcs11-login.ts); lives with the module because login state is per application. */
export interface TokenLoginState {
  /** HMAC of the PIN that logged in, to check later opens without a second C_Login (which would not check it). */
  pinMac: Buffer | null;
  /** Key sessions relying on the current login. */
  holders: Set<object>;
}

export interface Pkcs11Module {
  readonly path: string;
  readonly lib: Pkcs11js.PKCS11;
  readonly logins: Map<string, TokenLoginState>;
  /**
   * True when the library took CKF_OS_LOCKING_OK and may be called from a worker thread (pkcs11js *Async calls) while
   * the main thread makes other calls; false when it refused (CKR_CANT_LOCK): then every call stays on the main thread.
   */
  readonly threadSafe: boolean;
}

interface Entry {
  module: Pkcs11Module;
  refs: number;
  /** False when someone else in the process had already initialised the library: then they finalize it, not us. */
  initializedHere: boolean;
}

const loaded = new Map<string, Entry>();

/** A bare file name ('libsofthsm2.so') is left to the dynamic loader's search path; a path must exist. */
function modulePath(path: string): string {
  const hasDir = path.includes('/') || path.includes('\\');
  if (!hasDir) return path;
  const full = isAbsolute(path) ? path : resolve(path);
  if (!existsSync(full)) throw new GatewayError('SIGN_PROVIDER_UNAVAILABLE', `PKCS#11 module not found: ${full}`, { module: full });
  return full;
}

export function acquireModule(path: string): Pkcs11Module {
  const full = modulePath(path);
  const hit = loaded.get(full);
  if (hit) {
    hit.refs++;
    return hit.module;
  }
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(full);
  } catch (e) {
    throw new GatewayError('SIGN_PROVIDER_UNAVAILABLE', `PKCS#11 module cannot be loaded: ${full} (${e instanceof Error ? e.message : String(e)})`, { module: full }, { cause: e });
  }
  let initializedHere = true;
  let threadSafe = true;
  try {
    try {
      // PKCS#11 2.40 base section 5.4: NULL init args promise single-threaded use, but C_SignAsync signs on a libuv worker
      // thread while the event loop goes on, so ask the library to lock with OS primitives.
      lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (e) {
      if (ckrName(e) !== 'CKR_CANT_LOCK') throw e;
      threadSafe = false;
      lib.C_Initialize();
    }
  } catch (e) {
    if (ckrName(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
      lib.close();
      throw mapPkcs11Error(e, 'load', { module: full });
    }
    // Initialised by someone else in this process, with flags we cannot know: stay on the main thread to be safe.
    initializedHere = false;
    threadSafe = false;
  }
  const module: Pkcs11Module = { path: full, lib, logins: new Map(), threadSafe };
  loaded.set(full, { module, refs: 1, initializedHere });
  return module;
}

export function releaseModule(module: Pkcs11Module): void {
  const entry = loaded.get(module.path);
  if (!entry || entry.module !== module) return;
  if (--entry.refs > 0) return;
  loaded.delete(module.path);
  try {
    if (entry.initializedHere) module.lib.C_Finalize();
  } catch {
    // Finalizing a library whose token vanished can fail; the handle is dropped either way.
  }
  try {
    module.lib.close();
  } catch {
    // As above.
  }
}
