// One HTTP exchange with the bank over undici: bearer token, JSON in and out, a hard timeout, the answer validated
// against the contract schema. No retries here (resilience.ts decides); every failure is a CONN_ GatewayError.
import { Agent, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { badResponse, statusError, transportError, type ExchangeLabel } from './http-errors.ts';
import { pinnedConnector } from './pinning.ts';

export interface HttpRequest<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Path under the base URL, e.g. '/v1/documents'. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  idempotencyKey?: string;
  /** Schema of a 2xx answer's JSON body. */
  schema: S;
}

export interface Transport {
  send<S extends z.ZodType>(req: HttpRequest<S>): Promise<z.output<S>>;
  close(): Promise<void>;
}

export interface TransportOptions {
  url: string;
  token: string;
  timeoutMs: number;
  /** Connections to the bank at most; requests beyond them wait for one (within timeoutMs). */
  connections: number;
  /** Lowercase hex SHA-256 of the server's leaf certificate; absent = ordinary CA validation. */
  pin?: string;
}

/** A year of statement entries is a few MB; anything this large is a broken or hostile answer, not data. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads the body as UTF-8 up to the cap; past it the connection is dropped. */
async function readBody(body: Dispatcher.ResponseData['body'], at: ExchangeLabel, status: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw badResponse(at, `answer is larger than ${MAX_BODY_BYTES} bytes`, status);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Keep-alive well under common server/proxy idle limits so we rarely write into a socket the bank just closed. */
const KEEP_ALIVE_MS = 4_000;

export function createTransport(o: TransportOptions): Transport {
  // Connect gets half the budget so a slow connect surfaces as "not sent" (plain retry), not as a whole-request timeout.
  const connectTimeoutMs = Math.max(1, Math.floor(o.timeoutMs / 2));
  const agent = new Agent({
    connect: o.pin ? pinnedConnector(o.pin, connectTimeoutMs) : { timeout: connectTimeoutMs },
    connections: o.connections,
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
  });
  const baseUrl = new URL(o.url);
  const origin = baseUrl.origin;
  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  const authorization = `Bearer ${o.token}`;

  return {
    async send(req) {
      const at: ExchangeLabel = { method: req.method, path: req.path };
      const qs = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
      const headers: Record<string, string> = { authorization, accept: 'application/json' };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey;
      let res: Dispatcher.ResponseData;
      let text: string;
      try {
        // One signal covers connect, headers and body: the call never hangs past timeout_ms.
        const signal = AbortSignal.timeout(o.timeoutMs);
        res = await agent.request({
          origin,
          path: `${basePath}${req.path}${qs}`,
          method: req.method,
          headers,
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal,
        });
        text = await readBody(res.body, at, res.statusCode);
      } catch (e) {
        throw transportError(e, at);
      }
      let json: unknown = undefined;
      if (text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch {
          if (res.statusCode >= 200 && res.statusCode < 300) throw badResponse(at, 'answer is not JSON', res.statusCode);
        }
      }
      if (res.statusCode < 200 || res.statusCode >= 300) throw statusError(res.statusCode, json, at);
      const parsed = req.schema.safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw badResponse(at, `answer does not match API v1 (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'})`, res.statusCode);
      }
      return parsed.data;
    },
    async close() {
      await agent.close();
    },
  };
}
