// A tiny HTTPS server for connector unit tests: a self-signed certificate from tests/fixtures/pki.ts, a scripted
// answer per request, and a log of every request (and of raw bytes per connection) so tests can prove what was sent.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { certificateFingerprint } from '../../../connectors/bank-http/pinning.ts';
import { makeTestCert, type TestCert } from '../../fixtures/pki.ts';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What to do with a request: answer JSON, destroy the connection (after reading the request), or never answer. */
export type Script = (req: SeenRequest, n: number) => { status: number; json?: unknown; text?: string } | 'reset' | 'hang';

export interface ScriptedBank {
  url: string;
  fingerprint: string;
  cert: TestCert;
  requests: SeenRequest[];
  /** TCP connections accepted (a handshake attempt each). */
  tcpConnections: number;
  /** Decrypted application bytes received over all connections (0 = no HTTP byte was ever sent). */
  appBytes: number;
  script: Script;
  close(): Promise<void>;
}

export async function startScriptedBank(script: Script = () => ({ status: 404, json: { error: { code: 'NOT_FOUND', message: 'no script' } } })): Promise<ScriptedBank> {
  const cert = await makeTestCert({ alg: 'ecdsa', cn: 'scripted-bank.local' });
  const sockets = new Set<Socket>();
  const hung: ServerResponse[] = [];
  const bank: ScriptedBank = {
    url: '',
    fingerprint: certificateFingerprint(cert.der),
    cert,
    requests: [],
    tcpConnections: 0,
    appBytes: 0,
    script,
    close: async () => {
      for (const r of hung) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer({ key: cert.keyPem, cert: cert.pem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://x');
      const text = Buffer.concat(chunks).toString('utf8');
      const seen: SeenRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: text ? JSON.parse(text) : undefined };
      bank.requests.push(seen);
      const answer = bank.script(seen, bank.requests.length);
      if (answer === 'reset') return void req.socket.destroy();
      if (answer === 'hang') return void hung.push(res);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json)));
    });
  });
  server.on('connection', (s: Socket) => {
    bank.tcpConnections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s) => s.on('data', (c: Buffer) => (bank.appBytes += c.length)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  bank.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return bank;
}

/** A contract-shaped document status. */
export function docStatus(o: { bankId?: string; key: string; status?: 'received' | 'accepted' | 'executed' | 'rejected'; clientDocumentId?: string }) {
  return {
    bank_id: o.bankId ?? 'B-1',
    client_document_id: o.clientDocumentId ?? 'doc-1',
    idempotency_key: o.key,
    kind: 'payment',
    number: '1',
    status: o.status ?? 'accepted',
    reason: null,
    received_at: '2026-11-25T10:00:00Z',
    execution_date: '2026-11-25',
    executed_at: null,
    entry_bank_id: null,
  };
}

export const notFound = { status: 404, json: { error: { code: 'NOT_FOUND', message: 'no such document' } } };
