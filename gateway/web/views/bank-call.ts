// A page that shows what the bank says (letters, FX deal confirmations) asks it with a deadline: a slow or absent bank
// leaves the page with what the gateway stored, never hanging.
import { errorMessage } from '../../core/errors.ts';

export type BankAnswer<T> = { ok: true; value: T } | { ok: false; reason: 'no-bank' | 'failed'; error?: string };

export const BANK_PAGE_TIMEOUT_MS = 5000;

export async function askBank<T>(call: (() => Promise<T>) | null, ms = BANK_PAGE_TIMEOUT_MS): Promise<BankAnswer<T>> {
  if (!call) return { ok: false, reason: 'no-bank' };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the bank did not answer within ${ms} ms`)), ms);
  });
  try {
    return { ok: true, value: await Promise.race([call(), deadline]) };
  } catch (e) {
    return { ok: false, reason: 'failed', error: errorMessage(e) };
  } finally {
    clearTimeout(timer);
  }
}
