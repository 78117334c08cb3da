// The one 400 answer for invalid query parameters: every bad parameter named with what was expected.
import type { Context } from 'hono';
import type { z } from 'zod';

export function badQuery(c: Context, error: z.ZodError) {
  const problems = error.issues.map((i) => ({ param: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''), message: i.message }));
  return c.json({ error: { code: 'API_BAD_QUERY', message: 'invalid query parameters', problems } }, 400);
}
