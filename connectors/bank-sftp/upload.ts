// Atomic upload of one submission: every file is written under a hidden temporary name and renamed into place; the
// pain.001 comes last, so a bank that picks up `<MsgId>.xml` finds its payload and signatures already complete. No
// final name ever holds a partial file, whatever moment the connection breaks.
import type SftpClient from 'ssh2-sftp-client';
import { remotePath, tempName } from './naming.ts';
import { isNoSuchFile } from './sftp-errors.ts';

export interface RemoteFile {
  name: string;
  bytes: Uint8Array;
}

export type UploadOutcome = 'uploaded' | 'already-there';

/** Whether a path exists on the server (a missing path is an answer, not an error). */
export async function remoteExists(sftp: SftpClient, path: string): Promise<boolean> {
  try {
    await sftp.stat(path);
    return true;
  } catch (e) {
    if (isNoSuchFile(e)) return false;
    throw e;
  }
}

/** Companion files may be replaced (the bank reads none of them before the pain.001 exists, and it does not yet). */
async function placeCompanion(sftp: SftpClient, dir: string, f: RemoteFile): Promise<void> {
  const tmp = remotePath(dir, tempName(f.name));
  const final = remotePath(dir, f.name);
  await sftp.put(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), tmp);
  try {
    await sftp.rename(tmp, final);
  } catch (e) {
    // Left by an interrupted earlier try (SFTP v3 rename never overwrites): same key, same content — replace it.
    if (!(await remoteExists(sftp, final))) throw e;
    await sftp.delete(final);
    await sftp.rename(tmp, final);
  }
}

/**
 * Puts `companions` in place, then `main` by a rename that never overwrites. If `main` is already there (an earlier
 * try got that far, its answer lost), nothing is written at all.
 */
export async function uploadAtomically(sftp: SftpClient, dir: string, companions: readonly RemoteFile[], main: RemoteFile): Promise<UploadOutcome> {
  const final = remotePath(dir, main.name);
  if (await remoteExists(sftp, final)) return 'already-there';
  for (const c of companions) await placeCompanion(sftp, dir, c);
  const tmp = remotePath(dir, tempName(main.name));
  await sftp.put(Buffer.from(main.bytes.buffer, main.bytes.byteOffset, main.bytes.byteLength), tmp);
  try {
    await sftp.rename(tmp, final);
  } catch (e) {
    if (await remoteExists(sftp, final)) {
      await sftp.delete(tmp).catch(() => undefined);
      return 'already-there';
    }
    throw e;
  }
  return 'uploaded';
}
