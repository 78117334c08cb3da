// POST /api/v1/inbox: the HTTP inbox. An ERP hands a payment file over in the request body instead of a drop folder;
// it becomes a claimed file of the mailbox and takes the folder's path exactly — the same intake (duplicates, formats),
// parse and validation, out/ report, archive/ or error/ — and the answer carries its result report.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../core/error-codes.ts';
import { issueMessage } from '../../core/error-report.ts';
import type { Text } from '../../core/issue.ts';
import { issueJson } from '../../pipeline/file-result.ts';
import type { WebContext, WebEnv } from '../context.ts';
import type { WebDeps } from '../deps.ts';
import { inboxClaimId } from '../../inbox/claim-id.ts';
import { fileNameSchema } from '../../inbox/file-name.ts';
import { INBOX_PATH, INBOX_TYPES, mediaType } from '../inbox/request.ts';
import { createReceiver } from '../../inbox/receive.ts';
import { waitForParse } from '../../inbox/wait.ts';
import { canPrepareAny } from '../security/prepare-right.ts';
import { auditRefusal } from '../security/refuse.ts';
import { badQuery } from './bad-query.ts';
import { documentRefSchema, fileReportSchema } from './file-report.ts';
import { fileOutcome } from '../../pipeline/stored-result.ts';
import { API_ERRORS, API_SECURITY, apiErrorSchema, json } from './openapi.ts';

export const WAIT_DEFAULT_MS = 10_000;
export const WAIT_MAX_MS = 60_000;

const query = z.strictObject({
  name: fileNameSchema.describe('The file name as the ERP would drop it, e.g. 1c_to_kl.txt'),
  mailbox: z.string().min(1).max(100).optional().describe('Default: the first configured mailbox'),
  wait_ms: z.coerce.number().int().min(0).max(WAIT_MAX_MS).default(WAIT_DEFAULT_MS).describe('How long to wait for the parse before answering 202'),
  lang: z.enum(['kk', 'ru', 'en']).optional().describe('Language of the messages in the answer'),
});

const headers = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x20-\x7e]{1,255}$/, '1 to 255 printable ASCII characters')
    .optional()
    .describe('The same key from the same user gets the first answer again instead of a second import (retries after a timeout)'),
});

const issueOut = z.object({ code: z.string(), severity: z.enum(['error', 'warning']), line: z.number().nullable(), field: z.string().nullable().optional(), message: z.string() });
const refusedSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(issueOut) }), file_id: z.string(), state: z.literal('rejected') })
  .meta({ id: 'InboxRefused' });
const doneSchema = z.object({ file_id: z.string(), state: z.enum(['parsed', 'invalid']), report: fileReportSchema, documents: z.array(documentRefSchema) }).meta({ id: 'InboxResult' });
const pendingSchema = z.object({ file_id: z.string(), state: z.literal('received'), poll: z.string().describe('GET this for the result') }).meta({ id: 'InboxPending' });

const route = createRoute({
  method: 'post',
  path: INBOX_PATH,
  summary: 'Hand a file over like a drop folder: same checks, same out/ report; its result in the answer',
  description:
    'The body is the file itself. A session needs the X-CSRF-Token header (as every write); a Bearer token does not. ' +
    'Who may: users who may prepare documents (a signing right or none:prepare on some account); administrators do not. ' +
    "200: parsed within wait_ms ('parsed', or 'invalid' when the file's structure is broken and nothing was kept). " +
    '202: still parsing — poll the link. 422: refused at intake (duplicate, empty, unknown format), kept in error/.',
  security: API_SECURITY,
  request: {
    query,
    headers,
    body: { required: true, content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) }, 'text/plain': { schema: z.string() } } },
  },
  responses: {
    200: json(doneSchema, 'Parsed: the result report (out/<name>.result.json) in the language of the request'),
    202: json(pendingSchema, 'Received, parse not finished within wait_ms (Location: the file)'),
    409: json(apiErrorSchema, 'The Idempotency-Key was used for another file (SRC_IDEMPOTENCY_CONFLICT)'),
    413: json(apiErrorSchema, "Larger than the mailbox's max_bytes (SRC_FILE_TOO_LARGE); nothing stored"),
    415: json(apiErrorSchema, 'Not application/octet-stream or text/plain (SRC_BAD_CONTENT_TYPE)'),
    422: json(refusedSchema, 'Refused at intake, with its issues; the file is kept in error/ with its .err'),
    503: json(apiErrorSchema, 'No HTTP inbox here (SRC_INBOX_NOT_CONFIGURED), the mailbox folder cannot be written (SRC_FOLDER_UNAVAILABLE) or intake is busy (SRC_DELIVERY_FAILED); Retry-After, nothing taken'),
    ...API_ERRORS,
  },
});

/** `{ error: { code, message } }` with the catalogue text and the specifics in the language of the request. */
function fail<S extends 400 | 409 | 413 | 415 | 503>(c: WebContext, status: S, code: ErrorCode, detail: Text) {
  const lang = c.get('lang');
  return c.json({ error: { code, message: `${ERROR_CODES[code][lang]}: ${detail[lang]}` } }, status);
}

export function registerInboxApi(api: OpenAPIHono<WebEnv>, d: WebDeps): void {
  const receive = d.inbox ? createReceiver({ store: d.store, logger: d.logger, deliver: d.inbox.deliver }) : undefined;
  api.openapi(
    route,
    async (c) => {
      const user = c.get('user')!;
      const lang = c.get('lang');
      // Handing over a payment file is preparing documents: the right of the FX order form (a signing right or
      // none:prepare on some account, prepare-right.ts). Administrators never — they administer, they do not pay.
      // Which accounts a file pays from is known only after parsing; signing checks each payer account's right again.
      if (!(await canPrepareAny(d.store.sql, user))) {
        await auditRefusal(d.store, c, 'forbidden', { need: 'prepare', action: 'inbox' });
        return c.json({ error: { code: 'AUTH_FORBIDDEN', message: c.get('t')('error.forbidden') } }, 403);
      }
      if (!receive) return fail(c, 503, 'SRC_INBOX_NOT_CONFIGURED', { en: 'this gateway takes files from its drop folders only', ru: 'этот шлюз принимает файлы только из папок обмена', kk: 'бұл шлюз файлдарды тек алмасу қалталарынан қабылдайды' });
      const q = c.req.valid('query');
      const names = Object.keys(d.config.mailboxes);
      const mailbox = q.mailbox ?? names[0]!;
      const box = d.config.mailboxes[mailbox];
      if (!box) {
        const known = names.join(', ');
        return fail(c, 400, 'SRC_UNKNOWN_MAILBOX', { en: `'${mailbox}'; configured: ${known}`, ru: `'${mailbox}'; настроены: ${known}`, kk: `'${mailbox}'; бапталғандары: ${known}` });
      }
      const type = mediaType(c.req.header('content-type'));
      if (!INBOX_TYPES.has(type)) {
        const got = type || '—';
        return fail(c, 415, 'SRC_BAD_CONTENT_TYPE', { en: `Content-Type was ${got}`, ru: `получен Content-Type ${got}`, kk: `алынған Content-Type: ${got}` });
      }
      const max = box.max_bytes;
      const tooLarge = (size: string) =>
        fail(c, 413, 'SRC_FILE_TOO_LARGE', { en: `${size} bytes; mailbox '${mailbox}' takes at most ${max} bytes`, ru: `${size} байт; ящик '${mailbox}' принимает не более ${max} байт`, kk: `${size} байт; '${mailbox}' жәшігі ең көбі ${max} байт қабылдайды` });
      const declared = Number(c.req.header('content-length') ?? NaN);
      // Refused before a byte is read; a body without a length is counted while it streams to disk.
      if (declared > max) return tooLarge(String(declared));

      const key = c.req.valid('header')['idempotency-key'];
      const got = await receive({ mailbox, root: box.root, maxBytes: max, name: q.name, claimId: inboxClaimId(user.id, key), actor: user.login, body: c.req.raw.body });
      if (got.kind === 'too-large') return tooLarge(`> ${max}`);
      if (got.kind === 'conflict') {
        const [n, id] = [got.row.name, got.row.id];
        return fail(c, 409, 'SRC_IDEMPOTENCY_CONFLICT', { en: `it was used for '${n}' (file id ${id}) with other content`, ru: `он использован для '${n}' (файл ${id}) с другим содержимым`, kk: `ол басқа мазмұнмен '${n}' үшін қолданылған (файл ${id})` });
      }
      if (got.kind === 'folder-failed') {
        c.header('Retry-After', '30');
        return fail(c, 503, 'SRC_FOLDER_UNAVAILABLE', { en: `mailbox '${mailbox}' cannot be written (${got.code}); nothing was taken`, ru: `в ящик '${mailbox}' не удаётся записать (${got.code}); файл не принят`, kk: `'${mailbox}' жәшігіне жазу мүмкін емес (${got.code}); файл қабылданбады` });
      }
      if (got.kind === 'not-taken') {
        c.header('Retry-After', '5');
        return fail(c, 503, 'SRC_DELIVERY_FAILED', { en: 'the gateway is busy; nothing was taken, send the file again', ru: 'шлюз занят; файл не принят, отправьте его ещё раз', kk: 'шлюз бос емес; файл қабылданбады, оны қайта жіберіңіз' });
      }
      const row = got.row;
      if (row.state === 'rejected') {
        const first = row.issues.find((i) => i.severity === 'error') ?? row.issues[0]!;
        return c.json({ error: { code: first.code, message: issueMessage(first, lang), issues: row.issues.map((i) => issueJson(i, lang, true)) }, file_id: row.id, state: 'rejected' as const }, 422);
      }
      const now = await waitForParse(d.store, row.id, q.wait_ms, c.req.raw.signal);
      if (now.state === 'parsed' || now.state === 'invalid') {
        const { report, documents } = await fileOutcome(d.store, now, lang);
        return c.json({ file_id: now.id, state: now.state, report: report!, documents }, 200);
      }
      const poll = `/api/v1/files/${now.id}`;
      c.header('Location', poll);
      return c.json({ file_id: now.id, state: 'received' as const, poll }, 202);
    },
    (result, c) => (result.success ? undefined : badQuery(c, result.error)),
  );
}
