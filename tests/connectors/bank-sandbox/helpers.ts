// Sandbox bank test bench: a real server on loopback (port 0, temp dataDir, a fixed host clock), a client with
// accounts and registered test certificates, real detached CMS signatures over 'bankgate.document/1' payloads.
import { sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterEach } from 'vitest';
import { startSandboxBank, type SandboxBank, type SandboxConfigInput } from '../../../connectors/bank-sandbox/index.ts';
import { createFixedClock } from '../../../gateway/core/clock.ts';
import type { CanonicalDocument, FxOrderDocument, PaymentDocument } from '../../../gateway/core/model/document.ts';
import { signDetached } from '../../../signer/cms.ts';
import { ECDSA_P256_SHA256, type KeyInfo } from '../../../signer/provider.ts';
import { signedBytes } from '../../../signer/signed-bytes.ts';
import { makeTestCert, type TestCert } from '../../fixtures/pki.ts';
import { payment } from '../../validate/helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Thursday 26 November 2026, 10:00 in Almaty (UTC+5). */
export const THURSDAY_10 = Date.parse('2026-11-26T05:00:00Z');
export const CLIENT_TOKEN = 'acme-token-0123456789abcdef';
export const KZT = 'KZ90601A861000012345';
export const USD = 'KZ72999USD0000000001';
/** Another client's tenge account in the sandbox (intrabank beneficiary). */
export const NEIGHBOUR = 'KZ429990000000000002';
/** Valid KZ IBAN at another bank (kz-formats.md 8.2 beneficiary). */
export const ELSEWHERE = 'KZ258562203100012345';

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bankgate-sandbox-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Certificates valid 2020–2035, so the sandbox clock can move freely. */
export function cert(cn: string): Promise<TestCert> {
  return makeTestCert({ cn, iin: '850315300128', bin: '150140001239', notBefore: new Date('2020-01-01'), notAfter: new Date('2035-01-01') });
}

export interface Bench {
  bank: SandboxBank;
  dataDir: string;
  clock: ReturnType<typeof createFixedClock>;
  /** fetch against the bank with the client's token (or `token`), trusting the sandbox certificate. */
  call(method: string, route: string, o?: { body?: unknown; key?: string; token?: string | null }): Promise<{ status: number; body: any; headers: Headers }>;
  restart(): Promise<SandboxBank>;
}

export async function startBench(o: { config?: SandboxConfigInput; tls?: boolean; at?: number; dataDir?: string } = {}): Promise<Bench> {
  const dataDir = o.dataDir ?? tempDir();
  const clock = createFixedClock(o.at ?? THURSDAY_10);
  const config: SandboxConfigInput = { tick_ms: 60_000, ...o.config };
  const start = () => startSandboxBank({ dataDir, port: 0, tls: o.tls ?? false, config, clock });
  let bank = await start();
  cleanups.push(() => bank.close());
  let agent: Agent | undefined;
  const bench: Bench = {
    bank,
    dataDir,
    clock,
    async call(method, route, c = {}) {
      if (bank.url.startsWith('https') && !agent) {
        agent = new Agent({ connect: { ca: bank.caPem } });
        const a = agent;
        cleanups.push(() => a.close());
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = c.token === undefined ? CLIENT_TOKEN : c.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (c.key) headers['idempotency-key'] = c.key;
      const res = await fetch(`${bank.url}${route}`, { method, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body), ...(agent ? { dispatcher: agent } : {}) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers as unknown as Headers };
    },
    async restart() {
      await bank.close();
      agent = undefined;
      bank = await start();
      bench.bank = bank;
      cleanups.push(() => bank.close());
      return bank;
    },
  };
  return bench;
}

/** Client 'acme' with a KZT account (1 000 000.00) and a USD account (1 000.00). */
export function setupClient(bench: Bench, balances: { kzt?: string; usd?: string } = {}): void {
  const a = bench.bank.admin;
  a.upsertClient({ client_id: 'acme', name: 'ТОО "Пример Логистик"', bin: '150140001239', token: CLIENT_TOKEN });
  a.openAccount({ client_id: 'acme', iban: KZT, currency: 'KZT', balance: balances.kzt ?? '1000000.00' });
  a.openAccount({ client_id: 'acme', iban: USD, currency: 'USD', balance: balances.usd ?? '1000.00' });
}

function session(c: TestCert) {
  const key: KeyInfo = { id: `test:${c.subject}`, provider: 'test', label: c.subject, tokenLabel: null, tokenSerial: null, certificate: c.der, signature: ECDSA_P256_SHA256 };
  return { key, sign: async (data: Uint8Array) => new Uint8Array(sign('sha256', data, c.privateKey)) };
}

export interface SubmitBody {
  client_document_id: string;
  payload_format: 'bankgate.document/1';
  payload_b64: string;
  signatures: { cms_b64: string }[];
}

/** The request body: payload = signedBytes({id, document}), one detached CMS per certificate. */
export async function signedSubmission(id: string, document: CanonicalDocument, signers: TestCert[], tamper?: (bytes: Buffer) => Buffer): Promise<SubmitBody> {
  const bytes = signedBytes({ id, document });
  const signatures = [];
  for (const s of signers) signatures.push({ cms_b64: Buffer.from(await signDetached({ content: bytes, session: session(s) })).toString('base64') });
  return { client_document_id: id, payload_format: 'bankgate.document/1', payload_b64: (tamper ? tamper(bytes) : bytes).toString('base64'), signatures };
}

/** A KZT payment order from the client's KZT account to another bank. */
export function order(number: string, amount: bigint, over: Partial<PaymentDocument> = {}): PaymentDocument {
  return payment({ number, date: '2026-11-26', valueDate: '2026-11-26', amount: { minor: amount, currency: 'KZT' }, ...over });
}

export function fxOrder(number: string, direction: 'buy' | 'sell', usdMinor: bigint, over: Partial<FxOrderDocument> = {}): FxOrderDocument {
  return {
    kind: 'fx-order',
    number,
    date: '2026-11-26',
    direction,
    amount: { minor: usdMinor, currency: 'USD' },
    fromIban: direction === 'buy' ? KZT : USD,
    toIban: direction === 'buy' ? USD : KZT,
    purpose: 'Оплата по контракту №12 от 01.10.2026 (импорт оборудования)',
    ...over,
  };
}

export const minutes = (n: number) => n * 60_000;
