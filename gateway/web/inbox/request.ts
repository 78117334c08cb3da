// How the middleware in front of the routes recognises an upload to the HTTP inbox: its path and body types. The body
// cap and the CSRF check treat such a body as a file (streamed to disk; token in X-CSRF-Token), nothing else.
export const INBOX_PATH = '/api/v1/inbox';

/** The body is the file's bytes; text/plain for clients that cannot send anything else. */
export const INBOX_TYPES: ReadonlySet<string> = new Set(['application/octet-stream', 'text/plain']);

/** `text/plain; charset=utf-8` → `text/plain`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isInboxUpload(path: string, contentType: string | undefined): boolean {
  return path === INBOX_PATH && INBOX_TYPES.has(mediaType(contentType));
}
