// Fault knobs (admin): latency, a 500 error rate, connection reset after accepting, accepting without answering — each
// optionally for the next N requests only. Real faults for the connector's unknown-outcome logic (reliability-security.md 10 rows 2, 7, 8).
import { z } from 'zod';

/** A knob is a plain value (until changed) or `{ value, next }`: the value for the next N requests it applies to. */
function knob<T extends z.ZodType>(value: T) {
  return z.union([value, z.strictObject({ value, next: z.int().min(1).max(1_000_000).optional() })]);
}

const latency = knob(z.int().min(0).max(600_000));
const errorRate = knob(z.number().min(0).max(1));
const flag = knob(z.boolean());

/** What an admin sends: only the knobs it names change. */
export const faultUpdateSchema = z.strictObject({
  /** Delay before every client request is handled. */
  latency_ms: latency.optional(),
  /** Fraction of client requests answered 500 before anything is done. */
  error_rate: errorRate.optional(),
  /** A mutating request is stored, then its TCP connection is destroyed without an answer. */
  reset_after_accept: flag.optional(),
  /** A mutating request is stored, then held without an answer for `hang_ms` (past the client's timeout), then dropped. */
  accepted_no_answer: flag.optional(),
  hang_ms: z.int().min(0).max(3_600_000).optional(),
});
export type FaultUpdate = z.input<typeof faultUpdateSchema>;

/** The config's defaults (all off). */
export const faultKnobsSchema = z.strictObject({
  latency_ms: latency.default(0),
  error_rate: errorRate.default(0),
  reset_after_accept: flag.default(false),
  accepted_no_answer: flag.default(false),
  hang_ms: z.int().min(0).max(3_600_000).default(120_000),
});

export interface Knob<T> {
  value: T;
  /** Requests left before the knob returns to off; null = until changed. */
  remaining: number | null;
}

export interface FaultState {
  latency_ms: Knob<number>;
  error_rate: Knob<number>;
  reset_after_accept: Knob<boolean>;
  accepted_no_answer: Knob<boolean>;
  hang_ms: number;
}

const OFF = { latency_ms: 0, error_rate: 0, reset_after_accept: false, accepted_no_answer: false } as const;
type KnobName = keyof typeof OFF;

function toKnob<T extends number | boolean>(v: T | { value: T; next?: number | undefined }): Knob<T> {
  return typeof v === 'object' ? { value: v.value, remaining: v.next ?? null } : { value: v, remaining: null };
}

export interface FaultBox {
  state(): FaultState;
  set(update: FaultUpdate): FaultState;
  /** The knob's value for this request (counting it against `next`), or its off value. */
  take<K extends KnobName>(name: K): FaultState[K]['value'];
  reset(): void;
}

export function createFaultBox(defaults: z.output<typeof faultKnobsSchema>): FaultBox {
  let s: FaultState;
  const reset = () => {
    s = {
      latency_ms: toKnob(defaults.latency_ms),
      error_rate: toKnob(defaults.error_rate),
      reset_after_accept: toKnob(defaults.reset_after_accept),
      accepted_no_answer: toKnob(defaults.accepted_no_answer),
      hang_ms: defaults.hang_ms,
    };
  };
  reset();
  const snapshot = (): FaultState => structuredClone(s);
  return {
    state: snapshot,
    set(update) {
      const u = faultUpdateSchema.parse(update);
      if (u.latency_ms !== undefined) s.latency_ms = toKnob(u.latency_ms);
      if (u.error_rate !== undefined) s.error_rate = toKnob(u.error_rate);
      if (u.reset_after_accept !== undefined) s.reset_after_accept = toKnob(u.reset_after_accept);
      if (u.accepted_no_answer !== undefined) s.accepted_no_answer = toKnob(u.accepted_no_answer);
      if (u.hang_ms !== undefined) s.hang_ms = u.hang_ms;
      return snapshot();
    },
    take(name) {
      const k = s[name] as Knob<unknown>;
      if (k.value === OFF[name]) return OFF[name] as never;
      const value = k.value;
      if (k.remaining !== null && --k.remaining <= 0) s[name] = { value: OFF[name], remaining: null } as never;
      return value as never;
    },
    reset,
  };
}
