// Folder layout of a mailbox and the names used inside it (processing claim prefix, dated archive folders).
import path from 'node:path';
import { mkdir } from 'node:fs/promises';

export interface FolderLayout {
  root: string;
  in: string;
  /** Claimed files live here until the host has answered; same volume as in/ so the claim rename is atomic. */
  processing: string;
  archive: string;
  error: string;
  out: string;
}

export const PROCESSING_DIR = '.processing';

export function folderLayout(root: string): FolderLayout {
  const r = path.resolve(root);
  const inDir = path.join(r, 'in');
  return {
    root: r,
    in: inDir,
    processing: path.join(inDir, PROCESSING_DIR),
    archive: path.join(r, 'archive'),
    error: path.join(r, 'error'),
    out: path.join(r, 'out'),
  };
}

export async function ensureLayout(layout: FolderLayout): Promise<void> {
  for (const dir of [layout.in, layout.processing, layout.archive, layout.error, layout.out]) {
    await mkdir(dir, { recursive: true });
  }
}

const SEP = '__';
// newId(): 10 time + 16 random chars of Crockford base32.
const CLAIMED = /^([0-9A-HJKMNP-TV-Z]{26})__(.+)$/;

/** `<claimId>__<name>`: the claim id survives a crash inside the file name itself. */
export function processingName(claimId: string, name: string): string {
  return `${claimId}${SEP}${name}`;
}

export function parseProcessingName(fileName: string): { claimId: string; name: string } | null {
  const m = CLAIMED.exec(fileName);
  return m ? { claimId: m[1]!, name: m[2]! } : null;
}

/** `YYYY-MM-DD` in local time: what the accountant sees as "today". */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function archiveDayDir(layout: FolderLayout, d: Date): string {
  return path.join(layout.archive, localDay(d));
}

/** `<base>.<claimId><ext>`: the fallback name when the plain name is taken, so nothing is overwritten. */
export function suffixedName(name: string, claimId: string): string {
  const ext = path.extname(name);
  const base = ext ? name.slice(0, -ext.length) : name;
  return `${base}.${claimId}${ext}`;
}
