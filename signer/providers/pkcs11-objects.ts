// Reading a PKCS#11 token: present tokens, certificates, key objects by CKA_ID.
// Spec: PKCS#11 2.40 base sections 4.4-4.8 (objects), 5.5 (slot and token management), 5.7 (object management).
import type * as Pkcs11js from 'pkcs11js';
import { pkcs11js } from './pkcs11-module.ts';

export interface TokenSlot {
  slot: Pkcs11js.Handle;
  /** CK_TOKEN_INFO label and serialNumber are blank-padded fixed-size fields (base section 3.2): trimmed here. */
  label: string;
  serial: string;
}

export interface TokenFilter {
  token_label?: string | undefined;
  token_serial?: string | undefined;
}

export interface TokenCertificate {
  /** CKA_ID, hex: pairs the certificate with its private key (base section 4.6.3 / 4.8). */
  id: string;
  label: string;
  der: Uint8Array;
}

/** Initialised tokens present now, restricted by label/serial when configured. */
export function presentTokens(lib: Pkcs11js.PKCS11, filter: TokenFilter): TokenSlot[] {
  const out: TokenSlot[] = [];
  for (const slot of lib.C_GetSlotList(true)) {
    const info = lib.C_GetTokenInfo(slot);
    // SoftHSM2 and some readers show an empty, uninitialised token in a spare slot: nothing to sign with there.
    if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) continue;
    const token = { slot, label: info.label.trim(), serial: info.serialNumber.trim() };
    if (filter.token_label !== undefined && token.label !== filter.token_label) continue;
    if (filter.token_serial !== undefined && token.serial !== filter.token_serial) continue;
    out.push(token);
  }
  return out;
}

/** C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal, collecting every match. */
export function findObjects(lib: Pkcs11js.PKCS11, session: Pkcs11js.Handle, template: Pkcs11js.Template): Pkcs11js.Handle[] {
  const found: Pkcs11js.Handle[] = [];
  lib.C_FindObjectsInit(session, template);
  try {
    for (;;) {
      const batch = lib.C_FindObjects(session, 64);
      if (batch.length === 0) break;
      found.push(...batch);
    }
  } finally {
    lib.C_FindObjectsFinal(session);
  }
  return found;
}

function bytes(attr: Pkcs11js.Attribute | undefined): Buffer {
  const v = attr?.value;
  return Buffer.isBuffer(v) ? v : Buffer.alloc(0);
}

export function tokenCertificates(lib: Pkcs11js.PKCS11, session: Pkcs11js.Handle, id?: string): TokenCertificate[] {
  const template: Pkcs11js.Template = [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
  ];
  if (id !== undefined) template.push({ type: pkcs11js.CKA_ID, value: Buffer.from(id, 'hex') });
  return findObjects(lib, session, template).map((h) => {
    const [cid, label, value] = lib.C_GetAttributeValue(session, h, [{ type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_LABEL }, { type: pkcs11js.CKA_VALUE }]);
    return { id: bytes(cid).toString('hex'), label: bytes(label).toString('utf8'), der: new Uint8Array(bytes(value)) };
  });
}

/** CKA_IDs (hex) of the visible objects of a class: private keys may stay hidden until C_Login (CKA_PRIVATE). */
export function keyIds(lib: Pkcs11js.PKCS11, session: Pkcs11js.Handle, cls: number): Set<string> {
  const ids = new Set<string>();
  for (const h of findObjects(lib, session, [{ type: pkcs11js.CKA_CLASS, value: cls }])) {
    const [id] = lib.C_GetAttributeValue(session, h, [{ type: pkcs11js.CKA_ID }]);
    ids.add(bytes(id).toString('hex'));
  }
  return ids;
}

export function privateKeyById(lib: Pkcs11js.PKCS11, session: Pkcs11js.Handle, id: string): Pkcs11js.Handle | null {
  const found = findObjects(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from(id, 'hex') },
  ]);
  return found[0] ?? null;
}
