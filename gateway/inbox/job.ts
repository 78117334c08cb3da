// What another system puts on the inbox queue: a file's name and its content — bytes (base64), UTF-8 text, or a payment
// order as a JSON document (plugins/format-json) — plus where it goes and how the reply is marked. Checked with zod; a job
// that does not fit is refused as a whole with every problem named.
import { z } from 'zod';
import type { Lang } from '../core/error-report.ts';
import { FORMAT_JSON } from '../../plugins/format-json/index.ts';
import { fileName } from './file-name.ts';

const LANGS = ['kk', 'ru', 'en'] as const;
/** RFC 4648 base64 with padding; line breaks (MIME style) are dropped first. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const inboxJobSchema = z
  .strictObject({
    /** The file name, as it would be dropped into the mailbox (it is kept in archive/ or error/ under this name). */
    name: fileName('"name": "1c_to_kl.txt"'),
    /** Default: [queue.inbox] mailbox. */
    mailbox: z.string().min(1).max(100).optional(),
    /** The file's bytes, any encoding (a 1C file in Windows-1251 travels this way). */
    content_base64: z
      .string()
      .transform((s) => s.replace(/\s+/g, ''))
      .refine((s) => BASE64.test(s), 'base64 (RFC 4648, A–Z a–z 0–9 + /, padded with =)')
      .optional(),
    /** The file's text; stored as UTF-8. */
    text: z.string().optional(),
    /** One payment order in the JSON document format, or a whole `{ "format": "bankgate.document.v1", "documents": [ … ] }`. */
    document: z.record(z.string(), z.unknown()).optional(),
    /** The sender's correlation id, echoed in the reply. */
    reply_to: z.string().max(1000).optional(),
    /** Language of the messages in the reply (default ru, as the out/ report). */
    lang: z.enum(LANGS).optional(),
  })
  .superRefine((j, ctx) => {
    const given = (['content_base64', 'text', 'document'] as const).filter((k) => j[k] !== undefined);
    if (given.length !== 1) {
      const message = given.length === 0 ? 'the content is missing: give exactly one of content_base64, text, document' : `give exactly one of content_base64, text, document (got ${given.join(', ')})`;
      ctx.addIssue({ code: 'custom', path: given.length === 0 ? [] : [given[1]!], message });
    }
  });

export type InboxJob = z.output<typeof inboxJobSchema>;

/** The file's bytes. A `document` becomes a JSON file, pretty-printed so that issues point at the line of the field. */
export function jobBytes(j: InboxJob): Buffer {
  if (j.content_base64 !== undefined) return Buffer.from(j.content_base64, 'base64');
  if (j.text !== undefined) return Buffer.from(j.text, 'utf8');
  const d = j.document!;
  const file = d['format'] !== undefined || d['documents'] !== undefined ? d : { format: FORMAT_JSON, documents: [d] };
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
}

/** The problems of a refused job, one per field; values are never repeated (they may be the file's content). */
export function jobProblems(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.length ? i.path.join('.') : '(job)'}: ${i.message}`).join('; ');
}

/** What a job says about its reply, read even from a job that is refused otherwise (so the refusal reaches its sender). */
export function replyHints(data: unknown): { replyTo: string | null; lang: Lang } {
  const o = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const replyTo = typeof o['reply_to'] === 'string' && o['reply_to'].length <= 1000 ? o['reply_to'] : null;
  const lang = (LANGS as readonly unknown[]).includes(o['lang']) ? (o['lang'] as Lang) : 'ru';
  return { replyTo, lang };
}
