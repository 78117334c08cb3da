// One document for its page and GET /api/v1/documents/{id}: the stored row, its source file, signatures with their
// certificates, the bank's latest answer, and the timeline.
import { parseCertificate } from '../../../signer/certificate.ts';
import { ERROR_CODES } from '../../core/error-codes.ts';
import type { Issue } from '../../core/issue.ts';
import type { Store } from '../../store/db.ts';
import { getDocument, type DocumentRow } from '../../store/documents-repo.ts';
import { documentTrail, signatureDetails } from '../../store/document-trail.ts';
import { getFile, type FileRow } from '../../store/files-repo.ts';
import type { SubmissionRow } from '../../store/submissions-repo.ts';
import type { Lang } from '../i18n/langs.ts';
import type { Translate } from '../i18n/translate.ts';
import { buildTimeline, type TimelineEntry } from './timeline.ts';

export interface SignatureView {
  seq: number;
  role: string;
  signingTime: number;
  automatic: boolean;
  login: string;
  name: string;
  keyLabel: string;
  subject: string;
  /** Certificate serial number (hex), read from the stored certificate. */
  serial: string | null;
  notBefore: number;
  notAfter: number;
  fingerprint: string;
  signedSha256: string;
}

export interface DocumentDetail {
  row: DocumentRow;
  file: FileRow | undefined;
  signatures: SignatureView[];
  submission: SubmissionRow | undefined;
  timeline: TimelineEntry[];
}

function serialOf(der: Buffer): string | null {
  try {
    return parseCertificate(der).serialNumber;
  } catch {
    return null;
  }
}

export async function documentDetail(store: Store, id: string, t: Translate, lang: Lang): Promise<DocumentDetail | undefined> {
  const row = getDocument(store, id);
  if (!row) return undefined;
  const trail = await documentTrail(store, row);
  const signatures = signatureDetails(store, id).map(({ certificate, ...s }) => ({ ...s, serial: serialOf(certificate) }));
  return { row, file: getFile(store, row.fileId), signatures, submission: trail.submission, timeline: buildTimeline(trail, row.issues.length, t, lang) };
}

/** An issue's details in the reader's language (English is `message`; ru/kk travel in `text`). */
export function issueText(i: Issue, lang: Lang): { message: string; expected: string | null; meaning: string | null } {
  const meaning = (ERROR_CODES as Record<string, { en: string; ru: string; kk: string } | undefined>)[i.code]?.[lang] ?? null;
  if (lang === 'en') return { message: i.message, expected: i.expected ?? null, meaning };
  return { message: i.text?.[lang] ?? i.message, expected: i.expectedText?.[lang] ?? i.expected ?? null, meaning };
}
