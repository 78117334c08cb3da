// The sandbox clock: the host clock plus an offset the admin sets or advances (business-day tests); kept in the
// database so a restarted sandbox is still on the same day.
import type { Clock } from '../../gateway/core/clock.ts';
import { getMeta, setMeta, type SandboxDb } from './db.ts';

export interface SandboxClock extends Clock {
  offsetMs(): number;
  /** Moves the clock to an instant (epoch ms). */
  set(at: number): void;
  advance(ms: number): void;
}

const KEY = 'clock_offset_ms';

export function createSandboxClock(base: Clock, db: SandboxDb): SandboxClock {
  let offset = Number(getMeta(db, KEY) ?? '0');
  const save = () => setMeta(db, KEY, String(offset));
  return {
    now: () => base.now() + offset,
    offsetMs: () => offset,
    set(at) {
      offset = at - base.now();
      save();
    },
    advance(ms) {
      offset += ms;
      save();
    },
  };
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
