// Ids are time-prefixed (core/id.ts: 10 Crockford base-32 digits of epoch ms, then 16 random): "made since T" is
// "id >= idFloor(T)", and an id tells when it was made.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The smallest id newId() can make at or after `ms`. */
export function idFloor(ms: number): string {
  let t = Math.max(0, Math.floor(ms));
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${time}${'0'.repeat(16)}`;
}

/** Epoch ms an id was made at; null for text that is not an id. */
export function idTime(id: string): number | null {
  if (id.length < 10) return null;
  let t = 0;
  for (const ch of id.slice(0, 10)) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    t = t * 32 + v;
  }
  return t;
}
