// Shared pieces of the sandbox's HTTP layer: the hono environment, error bodies (contract errorSchema) and response specs.
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { z } from 'zod';
import { errorSchema, type BankReason } from '../../bank-api/contract.ts';
import type { ClientRow } from '../clients-repo.ts';

export interface SandboxEnv {
  /** Absent under app.request() in tests. */
  Bindings: Partial<HttpBindings>;
  Variables: { client: ClientRow };
}

export type ErrorBody = z.infer<typeof errorSchema>;

export function errorBody(code: string, message: string, reason?: BankReason): ErrorBody {
  return { error: reason ? { code, message, reason } : { code, message } };
}

export function json<S extends z.ZodType>(schema: S, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export const ERROR_RESPONSES = {
  400: json(errorSchema, 'Malformed request (code MALFORMED)'),
  401: json(errorSchema, 'Missing or unknown bearer token (code AUTH)'),
  500: json(errorSchema, 'Server error, or an injected fault (code SANDBOX_FAULT)'),
};

export const BEARER = [{ bearer: [] }];

/** Drops the TCP connection without an answer (fault knobs): the client sees a reset, the bank has already stored. */
export function dropConnection(c: Context<SandboxEnv>): void {
  c.env?.incoming?.socket?.destroy();
}
