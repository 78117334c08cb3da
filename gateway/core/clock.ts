// Clock port: real time in production, a fixed/advanceable clock in tests.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function createFixedClock(start: number): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}
