// One running mailbox: layout → recovery of .processing/ → watcher + scans → stability → claim → serial delivery.
import path from 'node:path';
import { lstat, unlink } from 'node:fs/promises';
import type { ClaimedFile, Disposition, RunningSource, SourceContext } from '../../gateway/core/plugin.ts';
import { GatewayError, errorMessage } from '../../gateway/core/errors.ts';
import { issue, t } from '../../gateway/core/issue.ts';
import { ruPlural } from '../../gateway/core/i18n.ts';
import { systemClock, type Clock } from '../../gateway/core/clock.ts';
import { resolveFolderConfig, type FolderSourceConfig } from './config.ts';
import { ensureLayout, folderLayout } from './layout.ts';
import { compileIgnore, dataNameOf, isDoneMarker, markerFor } from './ignore.ts';
import { errnoCode, type MoveOptions, type RenameFn } from './move.ts';
import { StabilityTracker, type FileSnapshot } from './stability.ts';
import { claimFile } from './claim.ts';
import { recoverProcessing } from './recovery.ts';
import { archiveClaimed, errorClaimed } from './settle.ts';
import { DeliveryQueue } from './delivery.ts';
import { listFiles, watchInbox, type InboxWatcher } from './watcher.ts';
import { Limiter } from './limiter.ts';

/** Seams for tests; production passes nothing. */
export interface FolderSourceDeps {
  rename?: RenameFn;
  clock?: Clock;
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

export function startFolderSource(input: FolderSourceConfig, ctx: SourceContext, deps: FolderSourceDeps = {}): RunningSource {
  const cfg = resolveFolderConfig(input);
  const log = ctx.logger.child({ source: 'source-folder', mailbox: cfg.mailbox });
  const layout = folderLayout(cfg.root);
  const clock = deps.clock ?? systemClock;
  const ignored = compileIgnore(cfg.ignore);
  const abort = new AbortController();
  const claimMove: MoveOptions = {
    retries: cfg.renameRetries,
    retryMs: cfg.renameRetryMs,
    rename: deps.rename,
    // Stopping gives up a claim in back-off: the file simply stays in in/.
    signal: abort.signal,
    onRetry: (err, attempt, delayMs) => log.debug({ code: err.code, path: err.path, attempt, delayMs }, 'rename failed; retrying'),
  };
  // Not abortable: stop() lets a started archive/error move finish (bounded by the retry budget).
  const settleMove: MoveOptions = { ...claimMove, signal: undefined };

  let stopped = false;
  let resolveStopped!: () => void;
  const stoppedSignal = new Promise<void>((r) => (resolveStopped = r));
  let watcher: InboxWatcher | undefined;
  let rescanTimer: NodeJS.Timeout | undefined;
  let scanning = false;
  /** Names between "stable" and "claimed or given up": not to be tracked again meanwhile. */
  const claiming = new Set<string>();
  // A few claims at once: one locked file in rename back-off must not hold up the rest.
  const claims = new Limiter(8);

  const tooLarge = (file: ClaimedFile): Disposition | null => {
    if (file.size <= cfg.maxBytes) return null;
    const [size, max] = [file.size, cfg.maxBytes];
    const bytes = (n: number) => ruPlural(n, 'байт', 'байта', 'байт');
    const text = t({
      en: `the file is ${size} bytes; the limit is ${max} bytes`,
      ru: `размер файла — ${size} ${bytes(size)}; предел — ${max} ${bytes(max)}`,
      kk: `файлдың өлшемі — ${size} байт; шегі — ${max} байт`,
    });
    return { to: 'error', issues: [issue('SRC_FILE_TOO_LARGE', text, { expected: t({ en: `at most ${max} bytes`, ru: `не более ${max} ${ruPlural(max, 'байта', 'байт', 'байт')}`, kk: `ең көбі ${max} байт` }) })] };
  };

  const queue = new DeliveryQueue({
    concurrency: cfg.deliveryConcurrency,
    deliver: (file) => ctx.deliver(file),
    precheck: tooLarge,
    givenUp: (_file, attempts, err) => ({
      to: 'error',
      issues: [
        issue(
          'SRC_DELIVERY_FAILED',
          t({
            en: `the gateway could not take the file after ${attempts} attempts; last error: ${errorMessage(err)}`,
            ru: `шлюз не смог принять файл после ${attempts} ${ruPlural(attempts, 'попытки', 'попыток', 'попыток')}; последняя ошибка: ${errorMessage(err)}`,
            kk: `шлюз файлды ${attempts} әрекеттен кейін қабылдай алмады; соңғы қате: ${errorMessage(err)}`,
          }),
        ),
      ],
    }),
    settle: async (file, d) => {
      const at = new Date(clock.now());
      if (d.to === 'archive') {
        const to = await archiveClaimed(layout, file, at, settleMove);
        log.info({ file: file.name, claimId: file.claimId, to }, 'file archived');
      } else {
        const to = await errorClaimed(layout, file, { issues: d.issues, at, hashUpTo: cfg.maxBytes }, settleMove);
        log.warn({ file: file.name, claimId: file.claimId, to, codes: d.issues.map((i) => i.code) }, 'file moved to error/');
      }
    },
    gone: async (file) => !(await exists(file.path)),
    maxAttempts: cfg.maxDeliveryAttempts,
    retryMs: cfg.deliveryRetryMs,
    logger: log,
  });

  const tracker = new StabilityTracker({
    dir: layout.in,
    stableMs: cfg.stableMs,
    pollIntervalMs: cfg.pollIntervalMs,
    onStable: (name, snapshot) => {
      claiming.add(name);
      void claims
        .run(() => take(name, snapshot))
        .catch((err) => log.error({ err, file: name }, 'unexpected error while claiming; the file is retried on the next scan or start'))
        .finally(() => claiming.delete(name));
    },
    onError: (name, err) => log.warn({ err, file: name }, 'cannot stat the file; it is retried on the next scan'),
  });

  async function take(name: string, seen: FileSnapshot): Promise<void> {
    if (stopped) return;
    const marker = path.join(layout.in, markerFor(name));
    if (cfg.doneMarker && !(await exists(marker))) return;
    let claimed: ClaimedFile | null;
    try {
      claimed = await claimFile(layout, cfg.mailbox, name, claimMove);
    } catch (e) {
      // Never lost: it is still in in/ under its own name, and the next event or scan tries again.
      log.warn({ err: e, file: name }, 'cannot claim the file (locked by another program?); left in in/ for a later try');
      return;
    }
    if (!claimed) return;
    log.debug({ file: name, claimId: claimed.claimId, size: claimed.size }, 'file claimed');
    if (claimed.size !== seen.size || claimed.mtimeMs !== seen.mtimeMs) {
      // A writer paused longer than stableMs and kept writing: the stability window cannot tell. doneMarker can.
      log.warn({ file: name, claimId: claimed.claimId, stableSize: seen.size, size: claimed.size }, 'file changed while being claimed; consider doneMarker for this producer');
    }
    if (cfg.doneMarker) {
      await unlink(marker).catch((e) => {
        if (errnoCode(e) !== 'ENOENT') log.warn({ err: e, marker: markerFor(name) }, 'cannot delete the .done marker');
      });
    }
    // After stop() the queue refuses it: the file then waits in .processing/ for the next start.
    void queue.push(claimed);
  }

  /** `changed`: an fs event (restarts the quiet period); `hasMarker`: known from a directory listing. */
  function consider(name: string, changed: boolean, hasMarker?: boolean): void {
    if (stopped || claiming.has(name)) return;
    if (tracker.has(name)) {
      if (changed) tracker.track(name);
      return;
    }
    if (!cfg.doneMarker || hasMarker === true) return tracker.track(name);
    if (hasMarker === false) return;
    void exists(path.join(layout.in, markerFor(name))).then((ok) => {
      if (ok && !stopped && !claiming.has(name)) tracker.track(name);
    });
  }

  function onEvent(name: string): void {
    if (cfg.doneMarker && isDoneMarker(name)) {
      // The marker arriving is what makes its data file eligible.
      const data = dataNameOf(name);
      if (!ignored(data)) consider(data, false, true);
      return;
    }
    if (!ignored(name)) consider(name, true);
  }

  async function scan(): Promise<void> {
    const names = await listFiles(layout.in);
    // One listing answers every marker question: no per-file stat, O(n) for thousands of files.
    const present = cfg.doneMarker ? new Set(names) : undefined;
    for (const name of names) {
      if (ignored(name) || (cfg.doneMarker && isDoneMarker(name))) continue;
      consider(name, false, present ? present.has(markerFor(name)) : undefined);
    }
  }

  async function rescan(): Promise<void> {
    if (scanning || stopped) return;
    scanning = true;
    try {
      await scan();
    } catch (e) {
      log.error({ err: e, folder: layout.in }, 'cannot list in/ (folder unavailable?)');
    } finally {
      scanning = false;
    }
  }

  async function boot(): Promise<void> {
    try {
      await ensureLayout(layout);
    } catch (e) {
      throw new GatewayError('SRC_FOLDER_UNAVAILABLE', `mailbox ${cfg.mailbox}: cannot prepare folders under ${layout.root}: ${errorMessage(e)}`, { root: layout.root }, { cause: e });
    }
    // (a) Claims left by a crash are queued before the watcher starts, so they are delivered before any new file.
    const recovered = await recoverProcessing(layout, cfg.mailbox, claimMove, log);
    const firstAttempts = recovered.map((f) => queue.push(f));
    if (stopped) return;
    watcher = watchInbox(
      layout.in,
      {
        usePolling: cfg.usePolling,
        pollingIntervalMs: cfg.pollingIntervalMs,
        skip: (name) => ignored(name) && !(cfg.doneMarker && isDoneMarker(name)),
      },
      {
        seen: onEvent,
        gone: (name) => tracker.forget(name),
        error: (err) => log.error({ err, folder: layout.in }, 'folder watcher error'),
      },
    );
    await Promise.race([watcher.ready, stoppedSignal]);
    if (stopped) return;
    // (b) Files dropped while we were down; listed after the watcher is live so nothing falls in between.
    await scan();
    if (cfg.rescanIntervalMs > 0) {
      rescanTimer = setInterval(() => void rescan(), cfg.rescanIntervalMs);
      rescanTimer.unref();
    }
    await Promise.all(firstAttempts);
    log.info({ folder: layout.in, recovered: recovered.length, polling: cfg.usePolling }, 'watching the drop folder');
  }

  const ready = boot();
  // The host awaits `ready`; this only keeps an unawaited failure from crashing the process.
  ready.catch((e) => log.error({ err: e }, 'folder source failed to start'));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      stopped = true;
      resolveStopped();
      abort.abort();
      clearInterval(rescanTimer);
      tracker.close();
      await watcher?.close();
      await claims.idle();
      await queue.stop();
      await ready.catch(() => {});
    })());

  return { ready, stop };
}
