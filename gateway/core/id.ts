// Time-sortable unique ids (ULID: 10 chars of time + 16 random, Crockford base32), monotonic within a process.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

function randomDigits(): number[] {
  return [...randomBytes(16)].map((b) => b % 32);
}

/** Increments a base-32 digit array; ids made in the same millisecond then still sort in creation order. */
function increment(digits: number[]): number[] {
  const out = digits.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 31) {
      out[i]!++;
      return out;
    }
    out[i] = 0;
  }
  return randomDigits(); // 32^16 ids in one millisecond: cannot happen in practice
}

export function newId(now = Date.now()): string {
  // Only within one millisecond: an explicit earlier time (tests, back-dated ids) keeps its own time.
  if (now === lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomDigits();
  }
  let t = lastTime;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + lastRandom.map((d) => ALPHABET[d]).join('');
}
