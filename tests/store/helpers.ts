// Test helpers for the store: a fresh data dir per test, stores opened on a controllable clock, sample documents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createFixedClock } from '../../gateway/core/clock.ts';
import type { PaymentDocument } from '../../gateway/core/model/document.ts';
import { openStore, type SqliteStore } from '../../gateway/store/db.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bankgate-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempStore(dataDir = tempDir()): SqliteStore & { clock: ReturnType<typeof createFixedClock> } {
  const clock = createFixedClock(Date.UTC(2025, 0, 15, 9, 0, 0));
  const store = openStore({ dataDir, clock });
  cleanups.push(() => store.close());
  return Object.assign(store, { clock });
}

export const sha = (c: string) => c.repeat(64).slice(0, 64);

export function payment(number: string, minor: bigint): PaymentDocument {
  return {
    kind: 'payment',
    number,
    date: '2025-01-15',
    amount: { minor, currency: 'KZT' },
    payer: { name: 'ТОО «Ромашка»', binIin: '123456789012', iban: 'KZ86125KZT5004100100' },
    beneficiary: { name: 'АО Қазақстан', binIin: '210987654321', iban: 'KZ75125KZT2069100100' },
    knp: '710',
    purpose: 'Оплата по договору №1',
  };
}
