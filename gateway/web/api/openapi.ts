// The dashboard's JSON API as one OpenAPIHono (@hono/zod-openapi): every route declared with zod schemas, the
// document served at /api/openapi.json. Same sessions and rights as the pages; Bearer API tokens for scripts.
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { WebEnv } from '../context.ts';

export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).meta({ id: 'Error' });

export function json<S extends z.ZodType>(schema: S, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/** Answers every route may give besides its own. */
export const API_ERRORS = {
  400: json(apiErrorSchema, 'Malformed request (code API_BAD_QUERY / API_BAD_BODY)'),
  401: json(apiErrorSchema, 'No session and no API token (code AUTH_NOT_SIGNED_IN)'),
  403: json(apiErrorSchema, 'No right for this (AUTH_FORBIDDEN, audited), a cross-site request (AUTH_CSRF) or a one-time password still unchanged (AUTH_PASSWORD_CHANGE_REQUIRED)'),
};

/** Either a dashboard session (cookie + X-CSRF-Token on writes) or a personal token (bankgate users token LOGIN). */
export const API_SECURITY: Record<string, string[]>[] = [{ session: [] }, { token: [] }];

export function createApiApp(): OpenAPIHono<WebEnv> {
  return new OpenAPIHono<WebEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const message = result.error.issues.map((i) => `${[result.target, ...i.path].join('.')}: ${i.message}`).join('; ');
      return c.json({ error: { code: result.target === 'json' ? 'API_BAD_BODY' : 'API_BAD_QUERY', message } }, 400);
    },
  });
}

export function serveOpenApi(api: OpenAPIHono<WebEnv>, version: string): void {
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'bankgate_session', description: 'Dashboard session (`__Host-bankgate_session` under TLS); writes also need the X-CSRF-Token header from GET /api/v1/session' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer', description: 'Personal API token (bankgate users token LOGIN): the rights of its user' });
  api.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'bankgate dashboard API', version, description: 'Money is a decimal string with its currency; instants ISO 8601 UTC; business dates YYYY-MM-DD.' },
  });
}
