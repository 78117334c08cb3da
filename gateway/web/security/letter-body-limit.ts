// Letters carry files: their requests are capped before anything reads them (the CSRF check parses form bodies), so
// an oversized upload is refused at the door with a clear message instead of being buffered whole (ASVS 5.2.1).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { WebEnv } from '../context.ts';
import { errorPage } from '../ui/error-page.tsx';
import { LETTER_LIMITS, LETTER_REQUEST_MAX_BYTES } from '../views/letter-draft.ts';
import { isApi } from './refuse.ts';

export function letterBodyLimit(): MiddlewareHandler<WebEnv> {
  return bodyLimit({
    maxSize: LETTER_REQUEST_MAX_BYTES,
    onError: (c) => {
      const params = { max: String(LETTER_LIMITS.totalBytes / (1024 * 1024)) };
      if (isApi(c as never)) return c.json({ error: { code: 'API_TOO_LARGE', message: c.get('t')('letters.err.total', params) } }, 413);
      return errorPage(c as never, 413, 'letters.err.total', params);
    },
  });
}
