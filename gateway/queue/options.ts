// Defaults and validation for job and worker options, shared by every JobQueue implementation.
import { GatewayError } from '../core/errors.ts';
import type { JobOptions, ProcessOptions } from './port.ts';

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_MAX_BACKOFF_MS = 5 * 60_000;
export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_POLL_MS = 50;

export interface ResolvedJobOptions {
  jobId: string | undefined;
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  delayMs: number;
}

export type ResolvedProcessOptions = Required<ProcessOptions>;

/** Per-instance defaults for the retry settings of jobs added without their own. */
export type JobDefaults = Pick<JobOptions, 'attempts' | 'backoffMs' | 'maxBackoffMs'>;

function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new GatewayError('QUE_BAD_OPTIONS', `Invalid ${what}: ${String(value)}`, { [what]: value });
}

const isInt = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;

export function resolveJobOptions(opts: JobOptions | undefined, defaults: JobDefaults = {}): ResolvedJobOptions {
  const r: ResolvedJobOptions = {
    jobId: opts?.jobId,
    attempts: opts?.attempts ?? defaults.attempts ?? DEFAULT_ATTEMPTS,
    backoffMs: opts?.backoffMs ?? defaults.backoffMs ?? DEFAULT_BACKOFF_MS,
    maxBackoffMs: opts?.maxBackoffMs ?? defaults.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    delayMs: opts?.delayMs ?? 0,
  };
  check(r.jobId === undefined || (typeof r.jobId === 'string' && r.jobId.length > 0), 'jobId', r.jobId);
  check(isInt(r.attempts, 1), 'attempts', r.attempts);
  check(isInt(r.backoffMs, 0), 'backoffMs', r.backoffMs);
  check(isInt(r.maxBackoffMs, 0), 'maxBackoffMs', r.maxBackoffMs);
  check(Number.isFinite(r.delayMs) && r.delayMs >= 0, 'delayMs', r.delayMs);
  return r;
}

export function resolveProcessOptions(opts: ProcessOptions | undefined): ResolvedProcessOptions {
  const r: ResolvedProcessOptions = {
    concurrency: opts?.concurrency ?? 1,
    leaseMs: opts?.leaseMs ?? DEFAULT_LEASE_MS,
    batchSize: opts?.batchSize ?? 1,
    pollMs: opts?.pollMs ?? DEFAULT_POLL_MS,
  };
  check(isInt(r.concurrency, 1), 'concurrency', r.concurrency);
  // Renewal runs every leaseMs/3; below ~30 ms a busy event loop would lose leases for nothing.
  check(isInt(r.leaseMs, 30), 'leaseMs', r.leaseMs);
  check(isInt(r.batchSize, 1), 'batchSize', r.batchSize);
  check(isInt(r.pollMs, 1), 'pollMs', r.pollMs);
  return r;
}
