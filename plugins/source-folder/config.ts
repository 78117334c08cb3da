// Folder source configuration: the shape the host passes, its defaults, and a checked merge of the two.
import { GatewayError } from '../../gateway/core/errors.ts';

export interface FolderSourceSettings {
  /** Quiet period: size and mtime must stay unchanged this long before a file is taken. */
  stableMs: number;
  /** How often a file waiting for stability is re-stat'ed. */
  pollIntervalMs: number;
  /** Poll instead of OS notifications: SMB/NFS shares do not deliver change notifications reliably. */
  usePolling: boolean;
  /** chokidar's polling interval when `usePolling` is on. */
  pollingIntervalMs: number;
  /** Glob-ish basename patterns (`*`, `?`, case-insensitive) that are never touched. */
  ignore: string[];
  /** Take `x.txt` only once `x.txt.done` exists; the marker is deleted after the claim. */
  doneMarker: boolean;
  /** Larger files are claimed (so they do not block) and moved to error/ undelivered. */
  maxBytes: number;
  /** Total rename attempts on EPERM/EBUSY/EACCES (Windows sharing violations) before giving up for now. */
  renameRetries: number;
  /** First wait between rename attempts; doubles up to 1 s. */
  renameRetryMs: number;
  /** Delivery attempts (host rejected = operational failure) before the file goes to error/. */
  maxDeliveryAttempts: number;
  /** First wait before redelivering after a rejection; doubles up to 60 s. */
  deliveryRetryMs: number;
  /** Files handed to the host at once: one file's fsyncs overlap the next one's hashing. */
  deliveryConcurrency: number;
  /** Safety-net readdir of in/: catches missed events and files whose claim failed earlier. 0 turns it off. */
  rescanIntervalMs: number;
}

export interface FolderSourceConfig extends Partial<FolderSourceSettings> {
  /** Mailbox name: stamped on every claimed file and log line. */
  mailbox: string;
  /** Folder holding in/, archive/, error/ and out/. */
  root: string;
}

export type ResolvedFolderConfig = FolderSourceSettings & Pick<FolderSourceConfig, 'mailbox' | 'root'>;

export function folderSourceDefaults(): FolderSourceSettings {
  return {
    // 150 ms quiet + first-stat/notification latency keeps "closed → being processed" under ~250 ms.
    stableMs: 150,
    pollIntervalMs: 50,
    usePolling: false,
    pollingIntervalMs: 1000,
    ignore: ['*.tmp', '~*', '.*', '*.part', '*.filepart', '*.done'],
    doneMarker: false,
    maxBytes: 50 * 1024 * 1024,
    // 50+100+200+400+800+4×1000 ms ≈ 5.5 s of waiting over 10 attempts.
    renameRetries: 10,
    renameRetryMs: 50,
    // 1+2+4+…+60 s: a busy database gets ~4 minutes before a file is given up on.
    maxDeliveryAttempts: 10,
    deliveryRetryMs: 1000,
    // Measured (bench/intake-bench.ts): 8 in flight beat 2 and 4 by ~20 % and matched 12–16, on libuv's
    // default 4 threads; more files per turn also means more of them share one WAL commit and fsync.
    deliveryConcurrency: 8,
    rescanIntervalMs: 10_000,
  };
}

function invalid(message: string): never {
  throw new GatewayError('CFG_INVALID', `source-folder: ${message}`);
}

/** Defaults filled in and values checked; throws CFG_INVALID on nonsense rather than misbehaving later. */
export function resolveFolderConfig(input: FolderSourceConfig): ResolvedFolderConfig {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const cfg = { ...folderSourceDefaults(), ...defined } as ResolvedFolderConfig;
  if (typeof cfg.mailbox !== 'string' || cfg.mailbox === '') invalid('mailbox is required');
  if (typeof cfg.root !== 'string' || cfg.root === '') invalid('root is required');
  const nonNegative = ['stableMs', 'renameRetryMs', 'deliveryRetryMs', 'rescanIntervalMs'] as const;
  for (const k of nonNegative) if (!(Number.isFinite(cfg[k]) && cfg[k] >= 0)) invalid(`${k} must be a number >= 0`);
  const positive = ['pollIntervalMs', 'pollingIntervalMs', 'maxBytes', 'renameRetries', 'maxDeliveryAttempts'] as const;
  for (const k of positive) if (!(cfg[k] > 0)) invalid(`${k} must be > 0`);
  if (!Array.isArray(cfg.ignore) || cfg.ignore.some((p) => typeof p !== 'string')) invalid('ignore must be a list of patterns');
  return cfg;
}
