// A dashboard under app.request(): a temp store, default config, users made with cheap argon2 parameters, and a
// browser-like client that keeps cookies, sends same-origin headers and the session's CSRF token.
import { configSchema, type ConfigInput, type GatewayConfig } from '../../config/schema.ts';
import { addUser, changePassword } from '../../gateway/auth/users.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { createApiToken } from '../../gateway/store/web-sessions-repo.ts';
import { findUserByLogin, insertUser } from '../../gateway/store/users-repo.ts';
import { createApp, type WebDeps } from '../../gateway/web/app.ts';
import { tempStore } from '../store/helpers.ts';

export const CHEAP = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const ORIGIN = 'http://127.0.0.1:8080';

export interface Harness {
  store: ReturnType<typeof tempStore>;
  config: GatewayConfig;
  app: ReturnType<typeof createApp>;
  /** A user with a chosen (already changed) password; rights as in `users add --right`. */
  user(login: string, opts?: { rights?: string[]; admin?: boolean; password?: string; keepInitial?: boolean }): Promise<{ login: string; password: string }>;
  client(): Client;
  token(login: string): Promise<string>;
}

export interface Client {
  cookies: Map<string, string>;
  csrf: string | null;
  request(path: string, init?: RequestInit & { form?: Record<string, string | string[]>; json?: unknown }): Promise<Response>;
  get(path: string): Promise<Response>;
  /** Logs in through the login form; returns the response (303 on success). */
  login(login: string, password: string, extra?: Record<string, string>): Promise<Response>;
  /** GET a page and pick the CSRF token from its forms (or from /api/v1/session). */
  refreshCsrf(): Promise<string>;
}

export function webHarness(over: ConfigInput = {}, deps: Partial<Omit<WebDeps, 'store'>> & { store?: Harness['store'] } = {}): Harness {
  // A test that must prepare the store first (keys bound before the signers start) passes its own.
  const store = deps.store ?? tempStore();
  const config = configSchema.parse(over);
  const app = createApp({ store, config, logger: silentLogger, version: 'test', readiness: {}, passwordParams: CHEAP, ...deps });
  return {
    store,
    config,
    app,
    async user(login, opts = {}) {
      const { password: initial } = await addUser(store.sql, { login, name: `User ${login}`, rights: opts.rights ?? [], actor: 'test', params: CHEAP, ...(opts.admin ? { admin: true } : {}) });
      if (opts.keepInitial) return { login, password: initial };
      const password = opts.password ?? `Correct horse ${login} battery`;
      await changePassword(store.sql, login, initial, password, { params: CHEAP });
      return { login, password };
    },
    client: () => client(app),
    async token(login) {
      return (await createApiToken(store.sql, (await findUserByLogin(store.sql, login))!.id, 'test')).token;
    },
  };
}

function client(app: ReturnType<typeof createApp>): Client {
  const cookies = new Map<string, string>();
  const self: Client = {
    cookies,
    csrf: null,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      let body = init.body;
      const method = (init.method ?? (init.form || init.json !== undefined ? 'POST' : 'GET')).toUpperCase();
      if (method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
      if (init.form) {
        const p = new URLSearchParams();
        for (const [k, v] of Object.entries(init.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
        if (!('_csrf' in init.form) && self.csrf) p.set('_csrf', self.csrf);
        body = p.toString();
        headers.set('content-type', 'application/x-www-form-urlencoded');
      } else if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers.set('content-type', 'application/json');
        if (self.csrf && !headers.has('x-csrf-token')) headers.set('x-csrf-token', self.csrf);
      }
      const res = await app.request(`${ORIGIN}${path}`, { ...init, method, headers, body: body ?? null });
      for (const c of res.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const i = pair.indexOf('=');
        const name = pair.slice(0, i);
        const value = pair.slice(i + 1);
        if (!value || /max-age=0/i.test(c)) cookies.delete(name);
        else cookies.set(name, value);
      }
      return res;
    },
    get: (path) => self.request(path),
    async login(login, password, extra = {}) {
      const res = await self.request('/login', { form: { login, password, ...extra } });
      if (res.status === 303) await self.refreshCsrf().catch(() => undefined);
      return res;
    },
    async refreshCsrf() {
      const res = await self.request('/api/v1/session');
      const body = (await res.json()) as { csrf_token?: string };
      if (!body.csrf_token) throw new Error(`no session: ${res.status}`);
      self.csrf = body.csrf_token;
      return self.csrf;
    },
  };
  return self;
}

/**
 * createApp with a viewer's API token added to every request: for API tests that are about the data, not the login.
 * The viewer holds right 'none' on every account (view only).
 */
export function authedApp(deps: Omit<WebDeps, 'config'> & { config?: GatewayConfig }): { request(path: string, init?: RequestInit): Promise<Response> } {
  const app = createApp({ config: configSchema.parse({}), passwordParams: CHEAP, ...deps });
  const db = deps.store.sql;
  // The viewer and its token are made before the first request goes out.
  const ready = (async () => {
    const viewer = (await findUserByLogin(db, 'api-viewer')) ?? (await insertUser(db, { login: 'api-viewer', name: 'API viewer', passwordHash: 'none', rights: [{ account: '*', right: 'none', canPrepare: false }], actor: 'test' }));
    await db.run('UPDATE users SET must_change_password = $1 WHERE id = $2', [false, viewer.id]);
    return (await createApiToken(db, viewer.id, 'test')).token;
  })();
  ready.catch(() => undefined);
  return {
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await ready}`);
      return app.request(path, { ...init, headers });
    },
  };
}
