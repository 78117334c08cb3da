// Per-IP login throttling (a fixed one-minute window): stops password guessing from one address before any
// account's counter moves, so an attacker cannot lock every signer out from one machine (ASVS 6.1.1, 6.3.1).
export interface Throttle {
  /** Counts an attempt; false when the address has used up its attempts for this minute. */
  take(ip: string, now: number): boolean;
  /** Seconds until the address may try again (0 when it may now). */
  retryAfter(ip: string, now: number): number;
}

export function createThrottle(perMinute: number): Throttle {
  const windows = new Map<string, { start: number; n: number }>();
  const WINDOW = 60_000;
  const current = (ip: string, now: number) => {
    let w = windows.get(ip);
    if (!w || now - w.start >= WINDOW) {
      w = { start: now, n: 0 };
      windows.set(ip, w);
      // Old windows are dropped as new ones open: memory stays bounded by the addresses seen in a minute.
      if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= WINDOW) windows.delete(k);
    }
    return w;
  };
  return {
    take(ip, now) {
      const w = current(ip, now);
      if (w.n >= perMinute) return false;
      w.n++;
      return true;
    },
    retryAfter(ip, now) {
      const w = windows.get(ip);
      if (!w || w.n < perMinute || now - w.start >= WINDOW) return 0;
      return Math.ceil((w.start + WINDOW - now) / 1000);
    },
  };
}
