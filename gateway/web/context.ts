// What every dashboard request carries: the signed-in user and session, the language and its translator, the CSP nonce.
import type { Context } from 'hono';
import type { UserRow } from '../store/users-repo.ts';
import type { WebSessionRow } from '../store/web-sessions-repo.ts';
import type { Lang } from './i18n/langs.ts';
import type { Translate } from './i18n/translate.ts';

export interface WebVariables {
  lang: Lang;
  t: Translate;
  /** Set by the session middleware on pages and API calls of a signed-in user. */
  user: UserRow | undefined;
  session: WebSessionRow | undefined;
  /** The request came with a personal API token (Bearer), not a browser session: no CSRF token applies. */
  viaToken: boolean;
  /** hono/secure-headers' per-response nonce for inline <script> and <style>. */
  secureHeadersNonce?: string;
}

export type WebEnv = { Variables: WebVariables };
export type WebContext = Context<WebEnv>;

/** The client address as the socket saw it (no proxy headers: the gateway is reached directly). */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
