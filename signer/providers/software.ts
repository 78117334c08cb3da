// Software key provider: PKCS#12 (.p12/.pfx) and PEM key files named in the configuration.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { GatewayError } from '../../gateway/core/errors.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { defineKeyProvider, type KeyInfo, type KeyProviderContext, type SignatureAlgorithm } from '../provider.ts';
import { isMissingKeyFile, readKeyFile, type KeyFile, type KeyFileEntry } from './key-file.ts';
import { createSoftwareSession } from './software-session.ts';

export const softwareProviderOptionsSchema = z.strictObject({
  keys: z
    .array(
      z.strictObject({
        /** A PKCS#12 file (.p12/.pfx) or a PEM private key file (PKCS#8, encrypted PKCS#8, SEC1, PKCS#1). */
        path: z.string().min(1),
        /** PEM or DER certificate, when the key file has none or keeps it password-encrypted. */
        cert_path: z.string().min(1).optional(),
      }),
    )
    .default([]),
});

export type SoftwareProviderOptions = z.input<typeof softwareProviderOptionsSchema>;

/**
 * Placeholder `signature` of a key whose certificate is password-encrypted inside its PKCS#12 file and no cert_path is
 * set: list() shows such a key with an empty `certificate` and this value until open() has read it.
 */
export const SIGNATURE_UNKNOWN: SignatureAlgorithm = Object.freeze({ algorithm: 'custom', digestOid: '', digestName: null, signatureOid: '' });

const PREFIX = 'software:';

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/**
 * The key id: `software:<sha256 of the certificate DER>` when the certificate is readable without the password, else
 * `software:file:<sha256 of the absolute path>` (stable as long as the file stays where it is).
 */
export function softwareKeyId(file: Pick<KeyFile, 'certificate' | 'path'>): string {
  return file.certificate ? `${PREFIX}${sha256(file.certificate)}` : `${PREFIX}file:${sha256(file.path)}`;
}

export function createSoftwareProvider(options: SoftwareProviderOptions, context: KeyProviderContext = { logger: silentLogger }) {
  const entries: KeyFileEntry[] = softwareProviderOptionsSchema.parse(options).keys;
  const log = context.logger.child({ provider: 'software' });
  /** Certificates learnt by open() for files whose certificates are encrypted: list() shows them afterwards. */
  const learnt = new Map<string, { certificate: Uint8Array; signature: SignatureAlgorithm }>();

  function info(file: KeyFile): KeyInfo {
    const id = softwareKeyId(file);
    const known = file.certificate && file.signature ? { certificate: file.certificate, signature: file.signature } : learnt.get(id);
    return {
      id,
      provider: 'software',
      label: file.label,
      tokenLabel: file.path,
      tokenSerial: null,
      certificate: known?.certificate ?? new Uint8Array(0),
      signature: known?.signature ?? SIGNATURE_UNKNOWN,
    };
  }

  /** Present key files; absent ones (removable media) are skipped, broken ones reject with their SIGN_ code. */
  async function present(): Promise<KeyFile[]> {
    const files: KeyFile[] = [];
    for (const entry of entries) {
      try {
        files.push(await readKeyFile(entry));
      } catch (e) {
        if (!isMissingKeyFile(e)) throw e;
        log.debug({ path: entry.path }, 'key file absent: skipped');
      }
    }
    return files;
  }

  /** The file holding `keyId`. Unrelated broken files do not stand in the way; the named file's own error does. */
  async function find(keyId: string): Promise<KeyFile | null> {
    for (const entry of entries) {
      let file: KeyFile;
      try {
        file = await readKeyFile(entry);
      } catch (e) {
        if (softwareKeyId({ certificate: null, path: resolve(entry.path) }) === keyId && !isMissingKeyFile(e)) throw e;
        continue;
      }
      if (softwareKeyId(file) === keyId) return file;
    }
    return null;
  }

  return defineKeyProvider({
    name: 'software',
    async list() {
      const seen = new Set<string>();
      const keys: KeyInfo[] = [];
      for (const file of await present()) {
        const key = info(file);
        // The same certificate in two files is one key to the user; open() uses the first file too.
        if (seen.has(key.id)) log.warn({ keyId: key.id, path: file.path }, 'key file repeats an earlier key: ignored');
        else keys.push(key);
        seen.add(key.id);
      }
      return keys;
    },
    async open(keyId, secret) {
      const file = keyId.startsWith(PREFIX) ? await find(keyId) : null;
      if (!file) throw new GatewayError('SIGN_KEY_NOT_FOUND', `no key file holds ${keyId}`, { keyId });
      const unlocked = file.unlock(secret);
      if (!file.certificate) learnt.set(keyId, { certificate: unlocked.certificate, signature: unlocked.signature });
      const key: KeyInfo = { ...info(file), certificate: unlocked.certificate, signature: unlocked.signature };
      log.info({ keyId, path: file.path }, 'key opened');
      return createSoftwareSession(key, unlocked.privateKey);
    },
    async close() {
      learnt.clear();
    },
  });
}
