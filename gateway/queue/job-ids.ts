// Job ids for jobs added without a jobId: the same time-sortable shape as core newId(), made in bulk.
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16;

function timePart(now: number): string {
  let t = now;
  let s = '';
  for (let i = 0; i < 10; i++) {
    s = ALPHABET[t % 32] + s;
    t = Math.floor(t / 32);
  }
  return s;
}

/**
 * `count` ids sharing one time prefix. One random fill for the whole batch: per-id randomBytes()
 * calls cost more than the SQLite insert itself when addBulk enqueues 100k jobs.
 */
export function newJobIds(count: number, now = Date.now()): string[] {
  if (count === 0) return [];
  const prefix = timePart(now);
  const bytes = randomFillSync(Buffer.allocUnsafe(count * RANDOM_CHARS));
  const ids = new Array<string>(count);
  for (let i = 0, o = 0; i < count; i++) {
    let s = prefix;
    for (let j = 0; j < RANDOM_CHARS; j++) s += ALPHABET[bytes[o++]! & 31];
    ids[i] = s;
  }
  return ids;
}
