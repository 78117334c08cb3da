// A letter to the bank as the dashboard receives it (form or JSON): subject, body and attachments checked against
// the limits before anything is sent. Attachment names are made here — the leaf of what the browser sent, without
// folders or characters Windows refuses — so no path from the client is ever trusted (ASVS 5.3.2).
import { createHash } from 'node:crypto';

const MB = 1024 * 1024;
/** Per file and in total (ASVS 5.2.1); subject and body as the bank's API v1 takes them (contract sendLetterSchema). */
export const LETTER_LIMITS = { fileBytes: 5 * MB, totalBytes: 20 * MB, files: 10, subjectChars: 200, bodyChars: 20_000 } as const;
/** What a request may carry at most before it is even read: the total, as base64 in JSON, plus room for the text. */
export const LETTER_REQUEST_MAX_BYTES = Math.ceil((LETTER_LIMITS.totalBytes * 4) / 3) + 2 * MB;

export interface Attachment {
  name: string;
  content: Uint8Array;
}

export interface LetterDraft {
  subject: string;
  body: string;
  attachments: Attachment[];
}

export type LetterProblem =
  | { field: 'subject'; code: 'empty' | 'too-long' }
  | { field: 'body'; code: 'too-long' }
  | { field: 'attachments'; code: 'too-many' | 'total-too-large' }
  | { field: 'attachments'; code: 'file-too-large' | 'file-empty' | 'not-base64'; name: string };

/** The leaf of a client's file name, made safe: no folders, no reserved or control characters, no leading dots. */
export function attachmentName(raw: string, index: number, taken: Set<string>): string {
  const leaf = raw.split(/[\\/]/).pop() ?? '';
  let name = leaf
    .normalize('NFC')
    .replace(/[:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (name.length > 120) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 120 - ext.length) + ext;
  }
  if (!name) name = `attachment-${index + 1}`;
  // Two files of one name would overwrite each other at the bank or in out/: number the later ones.
  let unique = name;
  for (let n = 2; taken.has(unique.toLowerCase()); n++) {
    const dot = name.lastIndexOf('.');
    unique = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
  }
  taken.add(unique.toLowerCase());
  return unique;
}

export function checkLetter(d: LetterDraft): LetterProblem[] {
  const out: LetterProblem[] = [];
  if (!d.subject.trim()) out.push({ field: 'subject', code: 'empty' });
  else if ([...d.subject].length > LETTER_LIMITS.subjectChars) out.push({ field: 'subject', code: 'too-long' });
  if ([...d.body].length > LETTER_LIMITS.bodyChars) out.push({ field: 'body', code: 'too-long' });
  if (d.attachments.length > LETTER_LIMITS.files) out.push({ field: 'attachments', code: 'too-many' });
  let total = 0;
  for (const a of d.attachments) {
    total += a.content.byteLength;
    if (a.content.byteLength === 0) out.push({ field: 'attachments', code: 'file-empty', name: a.name });
    else if (a.content.byteLength > LETTER_LIMITS.fileBytes) out.push({ field: 'attachments', code: 'file-too-large', name: a.name });
  }
  if (total > LETTER_LIMITS.totalBytes) out.push({ field: 'attachments', code: 'total-too-large' });
  return out;
}

/** What the audit keeps of an attachment: never its content. */
export function attachmentFacts(a: Attachment): { name: string; size: number; sha256: string } {
  return { name: a.name, size: a.content.byteLength, sha256: createHash('sha256').update(a.content).digest('hex') };
}

/** Files of a multipart form (inputs named `files`), with generated names; empty file inputs are skipped. */
export async function draftFromForm(body: Record<string, string | File | (string | File)[]>): Promise<LetterDraft> {
  const text = (k: string) => {
    const v = body[k];
    return typeof v === 'string' ? v : '';
  };
  const raw = body['files'];
  const files = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((f): f is File => typeof f !== 'string' && !(f.size === 0 && f.name === ''));
  const taken = new Set<string>();
  const attachments = await Promise.all(files.map(async (f, i) => ({ name: attachmentName(f.name, i, taken), content: new Uint8Array(await f.arrayBuffer()) })));
  return { subject: text('subject').trim(), body: text('body').replace(/\r\n/g, '\n'), attachments };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A JSON letter: attachments as base64; a value that is not base64 is a problem, not a silent garbling. */
export function draftFromJson(j: { subject: string; body?: string | undefined; attachments?: { name: string; content_b64: string }[] | undefined }): { draft: LetterDraft; problems: LetterProblem[] } {
  const taken = new Set<string>();
  const problems: LetterProblem[] = [];
  const attachments = (j.attachments ?? []).map((a, i) => {
    const name = attachmentName(a.name, i, taken);
    const b64 = a.content_b64.replace(/\s/g, '');
    if (b64.length % 4 !== 0 || !BASE64.test(b64)) problems.push({ field: 'attachments', code: 'not-base64', name });
    return { name, content: new Uint8Array(Buffer.from(b64, 'base64')) };
  });
  return { draft: { subject: j.subject.trim(), body: (j.body ?? '').replace(/\r\n/g, '\n'), attachments }, problems };
}
